import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { parseInput } from '@latchkey/runtime';
import { AdminRoleGuard, CurrentUser, UserTokenGuard } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { createKeyRequest, listKeysQuery } from './key-requests';
import { KeysService, scopesOfUser } from './keys.service';

@Controller('admin/keys')
@UseGuards(UserTokenGuard, AdminRoleGuard)
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: unknown) {
    const request = parseInput(createKeyRequest, body);
    return this.keys.create({ id: user.id, orgId: user.orgId, scopes: scopesOfUser(user) }, request);
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: unknown) {
    const { limit, cursor } = parseInput(listKeysQuery, query, 'query');
    return this.keys.list(user.orgId, { limit, cursor });
  }

  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.keys.get(user.orgId, id);
  }
}
