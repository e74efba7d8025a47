/** The audiences the gateway signs principals for: one per service behind it. */
export const Audience = {
  Identity: 'identity',
  DataApi: 'data-api',
  Audit: 'audit',
} as const;
export type Audience = (typeof Audience)[keyof typeof Audience];

/** Who made a request, as the gateway vouches for it to a backend. */
export interface Principal {
  /** Organisation the request acts for: backends take it from here and nowhere else. */
  org_id: string;
  /** `key_…` for an API key, `usr_…` for a signed-in user. */
  subject: string;
  kind: 'api_key' | 'user';
  key_id?: string;
  scopes: string[];
}

/**
 * A user's role in their organisation, most powerful first. Wire names (tokens, events, the users
 * API, the database): never rename one. The one declaration; `UserRoleSchema` (event-schemas.ts) parses it.
 */
export const USER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles that govern keys, users, webhooks and policy: every `/admin` write. */
export const MANAGING_ROLES: readonly UserRole[] = ['owner', 'admin'];

/**
 * The roles that may read the organisation's keys (never a secret), users, webhook connections,
 * policy and audit trail: every role (ADR 0019). Members and viewers look; they never change.
 */
export const READING_ROLES: readonly UserRole[] = USER_ROLES;

/** Owners and admins govern keys and users; members and viewers may look. */
export function canManage(role: UserRole | undefined): boolean {
  return role !== undefined && MANAGING_ROLES.includes(role);
}
