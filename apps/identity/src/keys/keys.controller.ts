import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes';
import { Input } from '@latchkey/runtime';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import {
  createKey,
  deleteKey,
  findKeyBySecret,
  enableKey,
  getKey,
  listKeys,
  revokeKey,
  rotateKey,
  updateKey,
} from '@latchkey/api-routes';
import { KeysService, type KeyActor } from './keys.service';

const actorOf = (user: AuthenticatedUser): KeyActor => ({
  orgId: user.orgId,
  scopes: scopesForRole(user.role),
});

/** Every role reads keys; only owners and admins create, change or revoke them (see the declarations). */
@Controller()
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @IdentityEndpoint(createKey)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof createKey>,
  ) {
    return this.keys.create(actorOf(user), body, ctx);
  }

  @IdentityEndpoint(listKeys)
  list(@CurrentUser() user: AuthenticatedUser, @Input() { query }: RouteInput<typeof listKeys>) {
    return this.keys.list(user.orgId, query);
  }

  @IdentityEndpoint(getKey)
  get(@CurrentUser() user: AuthenticatedUser, @Input() { params }: RouteInput<typeof getKey>) {
    return this.keys.get(user.orgId, params.id);
  }

  /** Every role (ADR 0020): the secret is in the body, hashed by the service, never logged. */
  @IdentityEndpoint(findKeyBySecret)
  findBySecret(
    @CurrentUser() user: AuthenticatedUser,
    @Input() { body }: RouteInput<typeof findKeyBySecret>,
  ) {
    return this.keys.findBySecret(user.orgId, body.secret);
  }

  @IdentityEndpoint(updateKey)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof updateKey>,
  ) {
    return this.keys.update(actorOf(user), params.id, body, ctx);
  }

  @IdentityEndpoint(rotateKey)
  async rotate(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof rotateKey>,
  ) {
    const { propagation, ...rotated } = await this.keys.rotate(user.orgId, params.id, body, ctx);
    return { ...rotated, ...propagation };
  }

  @IdentityEndpoint(revokeKey)
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof revokeKey>,
  ) {
    const { propagation, ...key } = await this.keys.revoke(user.orgId, params.id, body.reason, ctx);
    return { ...key, ...propagation };
  }

  @IdentityEndpoint(enableKey)
  async enable(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof enableKey>,
  ) {
    const { propagation, ...key } = await this.keys.enable(user.orgId, params.id, ctx);
    return { ...key, ...propagation };
  }

  @IdentityEndpoint(deleteKey)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof deleteKey>,
  ) {
    await this.keys.delete(user.orgId, params.id, ctx);
  }
}
