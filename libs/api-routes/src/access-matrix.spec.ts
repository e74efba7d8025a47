import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessMatrix, renderAccessMatrix } from './access-matrix';
import { ALL_ROUTES } from './all-routes';

const DOCUMENT = join(__dirname, '..', '..', '..', 'docs', 'access-matrix.md');

if (process.env['UPDATE_ACCESS_MATRIX']) writeFileSync(DOCUMENT, renderAccessMatrix());

describe('the access matrix, derived from the route declarations', () => {
  const rows = accessMatrix();
  const row = (method: string, path: string) => rows.find((r) => r.method === method && r.path === path)!;

  it('has a row for every declared route, once', () => {
    const names = rows.map((r) => `${r.method} ${r.path}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(ALL_ROUTES.map((r) => `${r.method} ${r.path}`));
  });

  it('gives members and viewers every read (ADR 0019) and nothing that writes', () => {
    for (const role of ['member', 'viewer'] as const) {
      const allowed = rows.filter(
        (r) => r.roles[role] && r.access !== 'public' && r.path !== '/auth/password',
      );
      // The one POST: finding a key by its secret reads (ADR 0020); the secret is sent in a body.
      expect(allowed.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /admin/keys/lookup',
      ]);
      // Every read an owner may make through a user token, a member and a viewer may make too, but
      // for the reads ADR 0019 keeps for those who manage: notification endpoints and their
      // deliveries (where an organisation's alerts go, and what they said; ADR 0027), and
      // explanations of refusals (the rule and the key's state then; ADR 0023).
      const managersOnly = (r: (typeof rows)[number]) =>
        r.path.startsWith('/admin/notifications/') || r.path.startsWith('/admin/decisions/');
      const reads = rows.filter(
        (r) => r.access !== 'public' && r.method === 'GET' && r.roles.owner && !managersOnly(r),
      );
      expect(reads.filter((r) => !r.roles[role])).toEqual([]);
    }
    for (const path of [
      '/admin/keys',
      '/admin/keys/:id',
      '/admin/users',
      '/admin/webhooks',
      '/admin/policy',
      '/audit/events',
    ]) {
      expect(row('GET', path).roles).toEqual({ owner: true, admin: true, member: true, viewer: true });
    }
    for (const [method, path] of [
      ['POST', '/admin/keys'],
      ['PATCH', '/admin/keys/:id'],
      ['POST', '/admin/keys/:id/rotate'],
      ['POST', '/admin/keys/:id/revoke'],
      ['DELETE', '/admin/keys/:id'],
      ['POST', '/admin/users'],
      ['PATCH', '/admin/users/:id'],
      ['PUT', '/admin/policy'],
      ['POST', '/admin/webhooks'],
      ['POST', '/admin/webhooks/:id/revoke'],
    ] as const) {
      expect(row(method, path).roles).toEqual({ owner: true, admin: true, member: false, viewer: false });
    }
  });

  it('marks the webhook ingest route as a connection key route', () => {
    expect(rows.filter((r) => r.access === 'webhook').map((r) => r.path)).toEqual([
      '/v1/webhooks/:connection_id/events',
    ]);
  });

  it('is what docs/access-matrix.md says (regenerate with UPDATE_ACCESS_MATRIX=1)', () => {
    expect(readFileSync(DOCUMENT, 'utf8')).toBe(renderAccessMatrix());
  });
});
