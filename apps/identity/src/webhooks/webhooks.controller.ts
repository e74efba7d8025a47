import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody, ApiProblems } from '@latchkey/runtime';
import { AdminOnly, CurrentUser } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import { createWebhookRequest, WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('admin/webhooks')
@AdminOnly()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Create a connection and its path-restricted key (secret shown once)' })
  @ZodBody(createWebhookRequest)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Body() body: unknown,
  ) {
    return this.webhooks.create(user.orgId, parseInput(createWebhookRequest, body), ctx);
  }

  @Get()
  @ApiOperation({ summary: 'List connections' })
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.webhooks.list(user.orgId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a connection' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.webhooks.get(user.orgId, id);
  }

  @Post(':id/regenerate')
  @ApiOperation({ summary: 'New secret for the connection key; the old one dies at once' })
  @ApiProblems({ 409: 'conflict: the connection is revoked' })
  @HttpCode(200)
  regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    return this.webhooks.regenerate(user.orgId, id, ctx);
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke the connection and its key' })
  @HttpCode(200)
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    return this.webhooks.revoke(user.orgId, id, ctx);
  }
}
