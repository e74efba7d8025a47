import type { ApiRoute } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes/table';

/** A ready-made set of scopes the create form can start from. */
export interface ScopeTemplate {
  id: string;
  label: string;
  scopes: string[];
}

/**
 * Templates derived from the route table, never listed by hand: a scope is read-only when every
 * route it opens is a GET. Per resource: read-only (its read-only scopes) and read-write (all of
 * its scopes) where it has both; read-only across every resource; and admin (`*`).
 */
export function scopeTemplates(routes: readonly ApiRoute[] = API_ROUTES): ScopeTemplate[] {
  const scopes = [...new Set(routes.map((r) => r.scope))].sort();
  const readOnly = (scope: string) =>
    routes.filter((r) => r.scope === scope).every((r) => r.method === 'GET');
  const resources = [...new Set(scopes.map((s) => s.split(':')[0] ?? s))];
  const templates: ScopeTemplate[] = [
    { id: 'read-only', label: 'Read-only, every resource', scopes: scopes.filter(readOnly) },
  ];
  for (const resource of resources) {
    const own = scopes.filter((s) => s.startsWith(`${resource}:`));
    const reads = own.filter(readOnly);
    if (reads.length > 0)
      templates.push({ id: `${resource}-read`, label: `${resource}: read-only`, scopes: reads });
    if (reads.length > 0 && reads.length < own.length)
      templates.push({ id: `${resource}-read-write`, label: `${resource}: read-write`, scopes: own });
    if (reads.length === 0)
      templates.push({ id: `${resource}-write`, label: `${resource}: write`, scopes: own });
  }
  templates.push({ id: 'admin', label: 'Admin: every scope (*)', scopes: ['*'] });
  return templates;
}
