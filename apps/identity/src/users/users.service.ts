import { Inject, Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  ErrorCode,
  EventType,
  type ChangeContext,
  type UserCreatedData,
  type UserInvalidation,
  type UserRoleChangedData,
  type UserStatusChangedData,
} from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { OutboxRelayService, ProblemException } from '@latchkey/runtime';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { recordEvent } from '../events/change-events';
import { KeyInvalidationService } from '../events/key-invalidation.service';
import { hashPassword } from './password-hasher';
import { mayGrantRole, toUserView, USER_ROLES, UserSchema, type User } from './user.entity';

export const createUserRequest = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(USER_ROLES),
  kind: z.enum(['human', 'service']).default('human'),
  password: z.string().min(12, 'at least 12 characters').max(1024),
});

export const updateUserRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    role: z.enum(USER_ROLES),
    status: z.enum(['active', 'disabled']),
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, { message: 'nothing to change' });

export const listUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .regex(/^usr_[0-9A-Z]{26}$/, 'not a cursor this API returned')
    .optional(),
});

@Injectable()
export class UsersService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly relay: OutboxRelayService,
    private readonly invalidation: KeyInvalidationService,
  ) {}

  async list(orgId: string, query: z.infer<typeof listUsersQuery>) {
    const users = await this.orm.em
      .fork()
      .find(
        UserSchema,
        { orgId, ...(query.cursor ? { id: { $gt: query.cursor } } : {}) },
        { orderBy: { id: 'asc' }, limit: query.limit + 1 },
      );
    const page = users.slice(0, query.limit);
    return {
      data: page.map(toUserView),
      next_cursor: users.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async get(orgId: string, id: string) {
    return toUserView(await this.load(this.orm.em.fork(), orgId, id));
  }

  /** Invites a member: nobody creates a user with a role above their own. */
  async create(actor: AuthenticatedUser, request: z.infer<typeof createUserRequest>, ctx: ChangeContext) {
    if (!mayGrantRole(actor.role, request.role)) {
      throw new ProblemException(ErrorCode.Forbidden, `an ${actor.role} cannot create an ${request.role}`);
    }
    const passwordHash = await hashPassword(request.password);
    try {
      const user = await this.orm.em.fork().transactional(async (tx) => {
        const now = new Date();
        const created = tx.create(UserSchema, {
          id: newId('usr'),
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
        recordEvent(tx, this.bus.subjects, EventType.UserCreated, actor.orgId, created.id, data);
        return created;
      });
      this.relay.nudge();
      return toUserView(user);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ProblemException(ErrorCode.Conflict, 'email: a user with this email exists');
      }
      throw error;
    }
  }

  /** Changes a member's name, role or status, within the actor's own rank. */
  async update(
    actor: AuthenticatedUser,
    id: string,
    request: z.infer<typeof updateUserRequest>,
    ctx: ChangeContext,
  ) {
    let changed: UserInvalidation | undefined;
    const view = await this.orm.em.fork().transactional(async (tx) => {
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
      if (
        losesOwner &&
        (await tx.count(UserSchema, { orgId: actor.orgId, role: 'owner', status: 'active' })) <= 1
      ) {
        throw new ProblemException(ErrorCode.Conflict, 'an organisation keeps at least one active owner');
      }
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
        recordEvent(tx, this.bus.subjects, EventType.UserStatusChanged, actor.orgId, user.id, data);
      }
      if (request.role && request.role !== user.role) {
        const data: UserRoleChangedData = { user_id: user.id, from: user.role, to: request.role, ...ctx };
        user.role = request.role;
        recordEvent(tx, this.bus.subjects, EventType.UserRoleChanged, actor.orgId, user.id, data);
      }
      user.updatedAt = new Date();
      if (user.role !== before.role || user.status !== before.status)
        changed = { user_id: user.id, role: user.role, active: user.status === 'active' };
      return toUserView(user);
    });
    // After the commit: tokens issued with the old role (or while active) no longer hold.
    if (changed) this.invalidation.announceUserChange(changed);
    this.relay.nudge();
    return view;
  }

  private async load(em: ReturnType<MikroORM['em']['fork']>, orgId: string, id: string): Promise<User> {
    const user = await em.findOne(UserSchema, { id, orgId });
    if (!user) throw new ProblemException(ErrorCode.NotFound, `no user ${id}`);
    return user;
  }
}
