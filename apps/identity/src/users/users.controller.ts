import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { Input } from '@latchkey/runtime';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import {
  createUser,
  getUser,
  listUsers,
  removeUser,
  resetUserPassword,
  updateUser,
} from '@latchkey/api-routes';
import { UsersService } from './users.service';

/** Members and roles; owners and admins only (see the declarations). */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @IdentityEndpoint(listUsers)
  list(@CurrentUser() user: AuthenticatedUser, @Input() { query }: RouteInput<typeof listUsers>) {
    return this.users.list(user.orgId, query);
  }

  @IdentityEndpoint(getUser)
  get(@CurrentUser() user: AuthenticatedUser, @Input() { params }: RouteInput<typeof getUser>) {
    return this.users.get(user.orgId, params.id);
  }

  @IdentityEndpoint(createUser)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof createUser>,
  ) {
    return this.users.create(user, body, ctx);
  }

  @IdentityEndpoint(updateUser)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof updateUser>,
  ) {
    return this.users.update(user, params.id, body, ctx);
  }

  @IdentityEndpoint(resetUserPassword)
  resetPassword(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params, body }: RouteInput<typeof resetUserPassword>,
  ) {
    return this.users.resetPassword(user, params.id, body, ctx);
  }

  @IdentityEndpoint(removeUser)
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { params }: RouteInput<typeof removeUser>,
  ) {
    return this.users.remove(user, params.id, ctx);
  }
}
