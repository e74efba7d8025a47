import { API_ROUTES, GRANTABLE_SCOPES } from '@latchkey/api-routes/table';
import type { ApiRoute } from '@latchkey/contracts';
import { describe, expect, it } from 'vitest';
import { scopeTemplates } from './templates';

describe('scope templates', () => {
  it('are derived from the route table: read-only templates open only GET routes, every scope is grantable', () => {
    for (const template of scopeTemplates()) {
      for (const scope of template.scopes) expect(GRANTABLE_SCOPES).toContain(scope);
      if (template.id.endsWith('read') || template.id === 'read-only')
        for (const scope of template.scopes)
          expect(API_ROUTES.filter((r) => r.scope === scope).map((r) => r.method)).toEqual(
            expect.arrayContaining(['GET']),
          );
    }
    const readOnly = scopeTemplates().find((t) => t.id === 'read-only');
    expect(readOnly?.scopes).toContain('projects:read');
    expect(readOnly?.scopes).not.toContain('projects:write');
  });

  it('offer read-write for a resource with both and end with admin', () => {
    const templates = scopeTemplates();
    expect(templates.find((t) => t.id === 'leads-read-write')?.scopes).toEqual(['leads:read', 'leads:write']);
    expect(templates.at(-1)).toEqual({ id: 'admin', label: 'Admin: every scope (*)', scopes: ['*'] });
  });

  it('follow a table that changes: a new resource gets its templates without a hand-made list', () => {
    const routes: ApiRoute[] = [
      ...API_ROUTES,
      {
        method: 'GET',
        path: '/v1/widgets',
        scope: 'widgets:read',
        upstream: 'data-api',
        summary: 'w',
      } as ApiRoute,
      {
        method: 'POST',
        path: '/v1/widgets',
        scope: 'widgets:write',
        upstream: 'data-api',
        summary: 'w',
      } as ApiRoute,
    ];
    const ids = scopeTemplates(routes).map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['widgets-read', 'widgets-read-write']));
  });
});
