import type { UserRole as ContractUserRole } from '@latchkey/contracts';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

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
    status: p.enum(['active', 'disabled'] as const),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type User = InferEntity<typeof UserSchema>;

/** Owners and admins govern keys and users. */
export function canManageKeys(role: UserRole): boolean {
  return role === 'owner' || role === 'admin';
}
