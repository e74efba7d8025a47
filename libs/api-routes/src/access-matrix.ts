import { USER_ROLES, type UserRole } from '@latchkey/contracts';
import { anyScopeAllows } from '@latchkey/auth-core';
import { ALL_ROUTES } from './all-routes';
import { scopesForRole } from './table';

/**
 * Who may call each route, derived from the declarations alone: public and user routes by their
 * access rule, key and webhook routes by the scope they require and the scopes each role holds
 * (scopesForRole). The security tests walk this matrix against a running stack
 * (e2e/roles.e2e-spec.ts) and docs/access-matrix.md is its rendering, so the documented, the
 * tested and the enforced answer are one.
 */
export interface AccessMatrixRow {
  method: string;
  /** `:param` style, as declared. */
  path: string;
  /** public, user (roles), key (a scope) or webhook (a connection's key). */
  access: 'public' | 'user' | 'key' | 'webhook';
  /** The scope a key (or a user's role) needs, for key and webhook routes. */
  scope: string | null;
  /** The id prefix an instance-bound grant must name, where the route names an instance. */
  instancePrefix: string | null;
  /** Which roles' user tokens may call it. */
  roles: Record<UserRole, boolean>;
}

const everyRole = (allowed: (role: UserRole) => boolean): Record<UserRole, boolean> =>
  Object.fromEntries(USER_ROLES.map((role) => [role, allowed(role)])) as Record<UserRole, boolean>;

export function accessMatrix(): AccessMatrixRow[] {
  return ALL_ROUTES.map((route) => {
    const { access } = route;
    const gateway = access.kind === 'key' || access.kind === 'webhook' ? access : undefined;
    return {
      method: route.method,
      path: route.path,
      access: access.kind,
      scope: gateway?.scope ?? null,
      instancePrefix: gateway?.instancePrefix ?? null,
      roles: everyRole((role) => {
        if (access.kind === 'public') return true;
        if (access.kind === 'user') return access.roles.includes(role);
        // A user's token passes the gateway for a key route when the role's scopes cover it.
        return anyScopeAllows(scopesForRole(role), access.scope);
      }),
    };
  });
}

/** docs/access-matrix.md: the matrix as a table, one row per route. */
export function renderAccessMatrix(rows: readonly AccessMatrixRow[] = accessMatrix()): string {
  const header = ['route', 'credential', 'scope', ...USER_ROLES];
  const lines = rows.map((row) => [
    `\`${row.method} ${row.path}\``,
    row.access,
    row.scope
      ? `\`${row.scope}\`${row.instancePrefix ? ` (or bound to \`${row.instancePrefix}_…\`)` : ''}`
      : '—',
    ...USER_ROLES.map((role) => (row.roles[role] ? 'yes' : 'no')),
  ]);
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`);
  return [
    '# Access matrix',
    '',
    'Generated from the route declarations (`libs/api-routes`) by',
    '`libs/api-routes/src/access-matrix.spec.ts` — do not edit; regenerate with',
    '`UPDATE_ACCESS_MATRIX=1 npx jest --selectProjects unit libs/api-routes/src/access-matrix.spec.ts`.',
    '',
    'Who may call each route: an API key (or its access token) holding the scope, or a signed-in',
    "user's token when the role's scopes cover it (owners and admins hold `*`; members and viewers the",
    "business data's read scopes and `audit:read`). Members and viewers read the organisation's keys",
    '(never a secret), users, webhook connections and policy; every write is for owners and admins',
    '(docs/adr/0019-members-and-viewers-read-the-console.md). `e2e/roles.e2e-spec.ts` calls every row',
    "with every role's token through the gateway and expects exactly this; `e2e/gateway.e2e-spec.ts`",
    'calls every key row with keys that hold, lack or are bound away from its scope.',
    '',
    ...table,
    '',
  ].join('\n');
}
