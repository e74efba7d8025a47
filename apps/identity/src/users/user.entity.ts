import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { UserRole as ContractUserRole, UserView } from '@latchkey/contracts';

export const USER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type UserRole = ContractUserRole;

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.string().primary(),
    orgId: p.string(),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.string().hidden(),
    role: p.enum(USER_ROLES),
    /** Service users are machine accounts: longer token lifetimes are allowed. */
    kind: p.enum(['human', 'service'] as const),
    status: p.enum(['active', 'disabled'] as const),
    /**
     * Raised by every change that must end the user's tokens (password, role, disable, removal):
     * a token carries the version it was issued with (claim `cv`) and holds only while it matches.
     */
    credentialVersion: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserSchema>;

/** The roles that govern keys, users, webhooks and policy: every `/admin` route. */
export const MANAGING_ROLES: readonly UserRole[] = ['owner', 'admin'];

/** Owners and admins govern keys and users. */
export function canManageKeys(role: UserRole): boolean {
  return MANAGING_ROLES.includes(role);
}

const RANK: Record<UserRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Nobody grants a role above their own; only owners create or promote owners. */
export function mayGrantRole(granter: UserRole, role: UserRole): boolean {
  return RANK[role] <= RANK[granter];
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    kind: user.kind,
    status: user.status,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
