import { MANAGING_ROLES, READING_ROLES, USER_ROLES, type UserRole } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes/table';

/**
 * What a person may do in the console, from the same lists the route declarations use (ADR 0019):
 * reading keys, users, webhooks and policy is for contracts' READING_ROLES (every role), changing
 * them for MANAGING_ROLES, the audit trail for roles whose gateway scopes cover `audit:read`, and
 * every signed-in user may look at their own account. The gateway decides anyway; this keeps the
 * console from offering what would be refused: a page hides every control its role may not use.
 */
export const ABILITIES = [
  'keys:read',
  'keys:manage',
  'users:read',
  'users:manage',
  'webhooks:read',
  'webhooks:manage',
  'notifications:read',
  'notifications:manage',
  'policy:read',
  'policy:manage',
  'audit:read',
  'decisions:read',
  'account:read',
] as const;
export type Ability = (typeof ABILITIES)[number];

const manages = (role: UserRole) => MANAGING_ROLES.includes(role);
const reads = (role: UserRole) => READING_ROLES.includes(role);
const holds = (scope: string) => (role: UserRole) =>
  scopesForRole(role).some((held) => held === '*' || held === 'audit:*' || held === scope);
const readsAudit = holds('audit:read');

/** The one declaration of role → abilities. */
const RULES: Record<Ability, (role: UserRole) => boolean> = {
  'keys:read': reads,
  'keys:manage': manages,
  'users:read': reads,
  'users:manage': manages,
  'webhooks:read': reads,
  'webhooks:manage': manages,
  'notifications:read': manages,
  'notifications:manage': manages,
  'policy:read': reads,
  'policy:manage': manages,
  'audit:read': readsAudit,
  // Explanations of refusals (ADR 0023): `audit:decisions`, which members and viewers lack.
  'decisions:read': holds('audit:decisions'),
  'account:read': () => true,
};

export const ABILITIES_BY_ROLE = Object.fromEntries(
  USER_ROLES.map((role) => [role, new Set(ABILITIES.filter((ability) => RULES[ability](role)))]),
) as unknown as Readonly<Record<UserRole, ReadonlySet<Ability>>>;

/** Whether `role` may do `ability`; nobody signed in may do nothing. */
export function can(role: UserRole | undefined, ability: Ability): boolean {
  return role !== undefined && ABILITIES_BY_ROLE[role].has(ability);
}
