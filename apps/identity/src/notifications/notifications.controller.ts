import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { Input } from '@latchkey/runtime';
import {
  createNotificationEndpoint,
  deleteNotificationEndpoint,
  getNotificationEndpoint,
  listNotificationDeliveries,
  listNotificationEndpoints,
  redeliverNotification,
  rotateNotificationEndpointSecret,
  updateNotificationEndpoint,
} from '@latchkey/api-routes';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import { NotificationsService } from './notifications.service';

/** `/admin/notifications`: endpoints, their secrets (shown once) and their delivery logs. */
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @IdentityEndpoint(createNotificationEndpoint)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof createNotificationEndpoint>,
  ) {
    return this.notifications.create(user.orgId, body, ctx);
  }

  @IdentityEndpoint(listNotificationEndpoints)
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.notifications.list(user.orgId);
  }

  @IdentityEndpoint(getNotificationEndpoint)
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Input() { params }: RouteInput<typeof getNotificationEndpoint>,
  ) {
    return this.notifications.get(user.orgId, params.id);
  }

  @IdentityEndpoint(updateNotificationEndpoint)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof updateNotificationEndpoint>,
  ) {
    return this.notifications.update(user.orgId, params.id, body, ctx);
  }

  @IdentityEndpoint(deleteNotificationEndpoint)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof deleteNotificationEndpoint>,
  ): Promise<void> {
    await this.notifications.remove(user.orgId, params.id, ctx);
  }

  @IdentityEndpoint(rotateNotificationEndpointSecret)
  rotateSecret(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof rotateNotificationEndpointSecret>,
  ) {
    return this.notifications.rotateSecret(user.orgId, params.id, ctx);
  }

  @IdentityEndpoint(listNotificationDeliveries)
  deliveries(
    @CurrentUser() user: AuthenticatedUser,
    @Input() { params }: RouteInput<typeof listNotificationDeliveries>,
  ) {
    return this.notifications.deliveries(user.orgId, params.id);
  }

  @IdentityEndpoint(redeliverNotification)
  redeliver(
    @CurrentUser() user: AuthenticatedUser,
    @Input() { params }: RouteInput<typeof redeliverNotification>,
  ) {
    return this.notifications.redeliver(user.orgId, params.id);
  }
}
