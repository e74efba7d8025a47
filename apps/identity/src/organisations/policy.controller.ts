import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody } from '@latchkey/runtime';
import { AdminOnly, CurrentUser } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { issuancePolicySchema, OrganisationSchema, policyOf } from './organisation.entity';

/** The organisation's issuance policy (key lifetimes, never-expiring keys, IP lists for writes, token lifetimes). */
@ApiTags('policy')
@Controller('admin/policy')
@AdminOnly()
export class PolicyController {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  @Get()
  @ApiOperation({ summary: 'The issuance policy' })
  async get(@CurrentUser() user: AuthenticatedUser) {
    return policyOf(await this.orm.em.fork().findOneOrFail(OrganisationSchema, { id: user.orgId }));
  }

  @Put()
  @ApiOperation({ summary: 'Replace the issuance policy' })
  @ZodBody(issuancePolicySchema)
  async replace(@CurrentUser() user: AuthenticatedUser, @Body() body: unknown) {
    const policy = parseInput(issuancePolicySchema, body);
    return this.orm.em.fork().transactional(async (tx) => {
      const org = await tx.findOneOrFail(OrganisationSchema, { id: user.orgId });
      org.policy = policy;
      return policyOf(org);
    });
  }
}
