import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody, ZodQuery, ApiProblems } from '@latchkey/runtime';
import { AdminOnly, CurrentUser } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import {
  createKeyRequest,
  listKeysQuery,
  revokeKeyRequest,
  rotateKeyRequest,
  updateKeyRequest,
} from './key-requests';
import { KeysService, type KeyActor } from './keys.service';

const actorOf = (user: AuthenticatedUser): KeyActor => ({
  orgId: user.orgId,
  scopes: scopesForRole(user.role),
});

/** Only owners and admins create, see, change or revoke keys. */
@ApiTags('keys')
@Controller('admin/keys')
@AdminOnly()
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; the only response that holds its secret' })
  @ZodBody(createKeyRequest)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Body() body: unknown,
  ) {
    return this.keys.create(actorOf(user), parseInput(createKeyRequest, body), ctx);
  }

  @Get()
  @ApiOperation({ summary: 'List keys (filters, cursor); never a secret' })
  @ZodQuery(listKeysQuery)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: unknown) {
    return this.keys.list(user.orgId, parseInput(listKeysQuery, query, 'query'));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a key; never its secret' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.keys.get(user.orgId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, description, scopes, allowed paths and IPs, rate limit' })
  @ZodBody(updateKeyRequest)
  @ApiProblems({ 409: 'conflict: the key is revoked' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.keys.update(actorOf(user), id, parseInput(updateKeyRequest, body), ctx);
  }

  @Post(':id/rotate')
  @ApiOperation({
    summary:
      'New secret; the old one and its access tokens work until grace_seconds (0 = regenerate); reports how many gateway replicas confirmed',
  })
  @ZodBody(rotateKeyRequest)
  @ApiProblems({ 409: 'conflict: the key is revoked' })
  @HttpCode(200)
  async rotate(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const { propagation, ...rotated } = await this.keys.rotate(
      user.orgId,
      id,
      parseInput(rotateKeyRequest, body ?? {}),
      ctx,
    );
    return { ...rotated, ...propagation };
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke now; reports how many gateway replicas confirmed' })
  @ZodBody(revokeKeyRequest)
  @HttpCode(200)
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const { reason } = parseInput(revokeKeyRequest, body);
    const { propagation, ...key } = await this.keys.revoke(user.orgId, id, reason, ctx);
    return { ...key, ...propagation };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke and hide; the audit trail stays' })
  @HttpCode(204)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    await this.keys.delete(user.orgId, id, ctx);
  }
}
