import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { canManage, USER_ROLES, type UserRole, type UserView } from '@latchkey/contracts';

// The roles are declared once, in contracts; identity's modules take them through here.
export { MANAGING_ROLES, USER_ROLES, type UserRole } from '@latchkey/contracts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  // The migration's index: keyset pages of one organisation's users.
  indexes: [{ name: 'users_org_idx', properties: ['orgId', 'id'] }],
  properties: {
    id: p.string().length(40).primary(),
    orgId: p.string().length(40),
    /** PostgreSQL's name for the migration's inline UNIQUE. */
    email: p.string().length(320).unique('users_email_key'),
    name: p.string().length(200),
    passwordHash: p.text().hidden(),
    role: p.enum(USER_ROLES).columnType('varchar(16)'),
    /** Service users are machine accounts: longer token lifetimes are allowed. */
    kind: p
      .enum(['human', 'service'] as const)
      .columnType('varchar(16)')
      .default('human'),
    status: p
      .enum(['active', 'disabled'] as const)
      .columnType('varchar(16)')
      .default('active'),
    /**
     * Raised by every change that must end the user's tokens (password, role, disable, removal):
     * a token carries the version it was issued with (claim `cv`) and holds only while it matches.
     */
    credentialVersion: p.integer().default(0),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserSchema>;

/** Owners and admins govern keys and users. */
export function canManageKeys(role: UserRole): boolean {
  return canManage(role);
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
