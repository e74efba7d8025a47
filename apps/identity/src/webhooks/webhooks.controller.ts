import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { Input } from '@latchkey/runtime';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import {
  createWebhook,
  getWebhook,
  listWebhooks,
  regenerateWebhook,
  revokeWebhook,
} from '@latchkey/api-routes';
import { WebhooksService } from './webhooks.service';

/** Webhook connections and their path-restricted keys; owners and admins only. */
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @IdentityEndpoint(createWebhook)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof createWebhook>,
  ) {
    return this.webhooks.create(user.orgId, body, ctx);
  }

  @IdentityEndpoint(listWebhooks)
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.webhooks.list(user.orgId);
  }

  @IdentityEndpoint(getWebhook)
  get(@CurrentUser() user: AuthenticatedUser, @Input() { params }: RouteInput<typeof getWebhook>) {
    return this.webhooks.get(user.orgId, params.id);
  }

  @IdentityEndpoint(regenerateWebhook)
  regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof regenerateWebhook>,
  ) {
    return this.webhooks.regenerate(user.orgId, params.id, ctx);
  }

  @IdentityEndpoint(revokeWebhook)
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof revokeWebhook>,
  ) {
    return this.webhooks.revoke(user.orgId, params.id, ctx);
  }
}
