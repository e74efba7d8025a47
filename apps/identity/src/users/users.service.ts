import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  ErrorCode,
  EventType,
  IdPrefix,
  idSchema,
  type ChangeContext,
  type PropagationView,
  type UserCreatedData,
  type UserInvalidation,
  type UserPasswordChangedData,
  type UserRemovedData,
  type UserRoleChangedData,
  type UserStatusChangedData,
} from '@latchkey/contracts';
import {
  createUserRequest,
  listUsersQuery,
  resetPasswordRequest,
  updateUserRequest,
} from '@latchkey/api-routes';
import { newId } from '@latchkey/auth-core';
import { pageCursor, ProblemException, UnitOfWork, type Transaction } from '@latchkey/runtime';
import type { AuthenticatedUser } from '../access';
import { KeyInvalidationService, recordEvent } from '../events';
import { OrganisationRepository } from '../organisations';
import { hashPassword } from './password-hasher';
import { mayGrantRole, toUserView, type User } from './user.entity';
import { UserRepository } from './user.repository';

/** Users are listed oldest first; the cursor carries the last user's id. */
const USER_CURSOR = pageCursor(idSchema(IdPrefix.User));

@Injectable()
export class UsersService {
  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly users: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  async list(orgId: string, query: z.infer<typeof listUsersQuery>) {
    const after = query.cursor ? USER_CURSOR.decode(query.cursor) : undefined;
    const users = await this.users.page(orgId, after, query.limit);
    const page = users.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toUserView),
      next_cursor: users.length > query.limit && last ? USER_CURSOR.encode(last.id) : null,
    };
  }

  async get(orgId: string, id: string) {
    const user = await this.users.find(orgId, id);
    if (!user) throw notFound(id);
    return toUserView(user);
  }

  /** Invites a member: nobody creates a user with a role above their own. */
  async create(actor: AuthenticatedUser, request: z.infer<typeof createUserRequest>, ctx: ChangeContext) {
    if (!mayGrantRole(actor.role, request.role)) {
      throw new ProblemException(ErrorCode.Forbidden, `an ${actor.role} cannot create an ${request.role}`);
    }
    const passwordHash = await hashPassword(request.password);
    const user = await this.unit.run(async (tx) => {
      const now = new Date();
      const created = await this.users.add(tx, {
        id: newId(IdPrefix.User),
        orgId: actor.orgId,
        email: request.email.toLowerCase(),
        name: request.name,
        passwordHash,
        role: request.role,
        kind: request.kind,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      const data: UserCreatedData = { user_id: created.id, role: created.role, kind: created.kind, ...ctx };
      recordEvent(tx, EventType.UserCreated, actor.orgId, created.id, data);
      return created;
    });
    return toUserView(user);
  }

  /** Changes a member's name, role or status, within the actor's own rank. */
  async update(
    actor: AuthenticatedUser,
    id: string,
    request: z.infer<typeof updateUserRequest>,
    ctx: ChangeContext,
  ) {
    let changed: UserInvalidation | undefined;
    const view = await this.unit.run(async (tx) => {
      const user = await this.load(tx, actor.orgId, id);
      if (!mayGrantRole(actor.role, user.role)) {
        throw new ProblemException(ErrorCode.Forbidden, `an ${actor.role} cannot change an ${user.role}`);
      }
      if (request.role && !mayGrantRole(actor.role, request.role)) {
        throw new ProblemException(
          ErrorCode.Forbidden,
          `an ${actor.role} cannot grant the role ${request.role}`,
        );
      }
      if (
        user.id === actor.id &&
        (request.status === 'disabled' || (request.role && request.role !== user.role))
      ) {
        throw new ProblemException(
          ErrorCode.Forbidden,
          'you cannot disable yourself or change your own role',
        );
      }
      const losesOwner =
        user.role === 'owner' &&
        ((request.role && request.role !== 'owner') || request.status === 'disabled');
      if (losesOwner) await this.assertAnotherActiveOwner(tx, actor.orgId);
      if (request.name) user.name = request.name;
      const before = { role: user.role, status: user.status };
      if (request.status && request.status !== user.status) {
        const data: UserStatusChangedData = {
          user_id: user.id,
          from: user.status,
          to: request.status,
          ...ctx,
        };
        user.status = request.status;
        recordEvent(tx, EventType.UserStatusChanged, actor.orgId, user.id, data);
      }
      if (request.role && request.role !== user.role) {
        const data: UserRoleChangedData = { user_id: user.id, from: user.role, to: request.role, ...ctx };
        user.role = request.role;
        recordEvent(tx, EventType.UserRoleChanged, actor.orgId, user.id, data);
      }
      user.updatedAt = new Date();
      if (user.role !== before.role || user.status !== before.status) {
        // Tokens issued before a role or status change never hold again (not even after the role
        // or status is changed back).
        user.credentialVersion += 1;
        changed = invalidationOf(user);
      }
      return toUserView(user);
    });
    if (!changed) return view;
    // After the commit: tokens issued before no longer hold, on every gateway replica.
    return { ...view, ...(await this.invalidation.announceUserChange(changed)) };
  }

  /**
   * Sets a member's password (an owner or admin, within their rank, never their own: that takes
   * the current password, `POST /auth/password`). Every token the member held stops working.
   */
  async resetPassword(
    actor: AuthenticatedUser,
    id: string,
    request: z.infer<typeof resetPasswordRequest>,
    ctx: ChangeContext,
  ) {
    if (id === actor.id) {
      throw new ProblemException(
        ErrorCode.Forbidden,
        'change your own password with POST /auth/password (it needs the current one)',
      );
    }
    const passwordHash = await hashPassword(request.new_password);
    const changed = await this.unit.run(async (tx) => {
      const user = await this.load(tx, actor.orgId, id);
      if (!mayGrantRole(actor.role, user.role)) {
        throw new ProblemException(ErrorCode.Forbidden, `an ${actor.role} cannot change an ${user.role}`);
      }
      return this.setPassword(tx, user, passwordHash, 'reset', ctx);
    });
    return {
      ...toUserView(changed),
      ...(await this.invalidation.announceUserChange(invalidationOf(changed))),
    };
  }

  /**
   * The signed-in user's new password (the caller has checked the current one). Returns the user
   * as changed: its tokens from before stop working.
   */
  async changeOwnPassword(
    actor: AuthenticatedUser,
    passwordHash: string,
    ctx: ChangeContext,
  ): Promise<{ user: User; propagation: PropagationView }> {
    const user = await this.unit.run(async (tx) => {
      const user = await this.load(tx, actor.orgId, actor.id);
      return this.setPassword(tx, user, passwordHash, 'self', ctx);
    });
    return { user, propagation: await this.invalidation.announceUserChange(invalidationOf(user)) };
  }

  /**
   * Removes a member: they can no longer sign in and every token of theirs stops working. The row
   * goes (the audit trail keeps `user.created` and `user.removed`); keys they created stay, and
   * keep their id in `created_by`; the email may be given to a new user, who gets a new id.
   * Nobody removes themselves, a higher role, or the last active owner.
   */
  async remove(
    actor: AuthenticatedUser,
    id: string,
    ctx: ChangeContext,
  ): Promise<{ id: string; removed: true } & PropagationView> {
    if (id === actor.id) throw new ProblemException(ErrorCode.Forbidden, 'you cannot remove yourself');
    const removed = await this.unit.run(async (tx) => {
      const user = await this.load(tx, actor.orgId, id);
      if (!mayGrantRole(actor.role, user.role)) {
        throw new ProblemException(ErrorCode.Forbidden, `an ${actor.role} cannot remove an ${user.role}`);
      }
      if (user.role === 'owner' && user.status === 'active')
        await this.assertAnotherActiveOwner(tx, actor.orgId);
      const data: UserRemovedData = { user_id: user.id, role: user.role, kind: user.kind, ...ctx };
      recordEvent(tx, EventType.UserRemoved, actor.orgId, user.id, data);
      const gone: UserInvalidation = {
        user_id: user.id,
        role: user.role,
        active: false,
        credential_version: user.credentialVersion + 1,
      };
      this.users.remove(tx, user);
      return gone;
    });
    return { id, removed: true, ...(await this.invalidation.announceUserChange(removed)) };
  }

  /**
   * Refuses a change that would leave the organisation without an active owner (the user changed
   * is one). The organisation's row is locked first (FOR UPDATE): two owners demoting, disabling or
   * removing each other at once take turns, and the second counts after the first has committed
   * (each has locked only its own target before, so they cannot deadlock).
   */
  private async assertAnotherActiveOwner(tx: Transaction, orgId: string): Promise<void> {
    await this.organisations.lock(tx, orgId);
    if ((await this.users.countActiveOwners(tx, orgId)) <= 1)
      throw new ProblemException(ErrorCode.Conflict, 'an organisation keeps at least one active owner');
  }

  private setPassword(
    tx: Transaction,
    user: User,
    passwordHash: string,
    method: UserPasswordChangedData['method'],
    ctx: ChangeContext,
  ): User {
    user.passwordHash = passwordHash;
    user.credentialVersion += 1;
    user.updatedAt = new Date();
    const data: UserPasswordChangedData = { user_id: user.id, method, ...ctx };
    recordEvent(tx, EventType.UserPasswordChanged, user.orgId, user.id, data);
    return user;
  }

  /** The user, in this organisation, locked for the change `tx` runs (UserRepository.lock). */
  private async load(tx: Transaction, orgId: string, id: string): Promise<User> {
    const user = await this.users.lock(tx, orgId, id);
    if (!user) throw notFound(id);
    return user;
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException(ErrorCode.NotFound, `no user ${id}`);
}

function invalidationOf(user: User): UserInvalidation {
  return {
    user_id: user.id,
    role: user.role,
    active: user.status === 'active',
    credential_version: user.credentialVersion,
  };
}
