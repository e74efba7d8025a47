import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import { parseInput } from '@latchkey/runtime';
import { AdminRoleGuard, CurrentUser, UserTokenGuard } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import { createWebhookRequest, WebhooksService } from './webhooks.service';

@Controller('admin/webhooks')
@UseGuards(UserTokenGuard, AdminRoleGuard)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Body() body: unknown,
  ) {
    return this.webhooks.create(user.orgId, parseInput(createWebhookRequest, body), ctx);
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.webhooks.list(user.orgId);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.webhooks.get(user.orgId, id);
  }

  @Post(':id/regenerate')
  @HttpCode(200)
  regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    return this.webhooks.regenerate(user.orgId, id, ctx);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    return this.webhooks.revoke(user.orgId, id, ctx);
  }
}
