import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_CHECKPOINT_KEYS_PATH } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';

/**
 * The README's API overview names every route of the route → scope table (the routes the gateway
 * authorizes with key scopes), each with its method: a route added to the table and not to the
 * overview turns this red instead of staying undocumented.
 */
const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** `METHOD path` pairs the first cells of the "API overview" table name (`GET/POST /v1/leads` is two). */
function overviewRoutes(): Set<string> {
  const section = README.split(/^## /m).find((part) => part.startsWith('API overview\n')) ?? '';
  const routes = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const firstCell = line.split(' | ')[0] ?? '';
    for (const [, methods, path] of firstCell.matchAll(/`([A-Z]+(?:\/[A-Z]+)*) (\/[^`\s]*)/g))
      for (const method of methods!.split('/')) routes.add(`${method} ${path}`);
  }
  return routes;
}

describe("the README's API overview", () => {
  const documented = overviewRoutes();

  it('names every route of the route → scope table with its method', () => {
    const missing = API_ROUTES.map((route) => `${route.method} ${route.path}`).filter(
      (route) => !documented.has(route),
    );
    expect(missing).toEqual([]);
  });

  it('names the public key of audit checkpoints', () => {
    expect(documented.has(`GET ${AUDIT_CHECKPOINT_KEYS_PATH}`)).toBe(true);
  });

  it('lists the demo users npm start seeds, with their roles', () => {
    // The seed is a script (it runs on import): its users are read from its source.
    const seed = readFileSync(join(ROOT, 'apps/identity/src/seed/seed.ts'), 'utf8');
    const users = [...seed.matchAll(/email: '([^']+)', name: '[^']+', role: '([a-z]+)'/g)].map(
      ([, email, role]) => `\`${email}\` (${role})`,
    );
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((user) => !README.includes(user))).toEqual([]);
  });
});
