import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKED_APPS, cruise, folderCycle, folderGraph, mermaidOf, ROOT } from './module-graph';

// Each app's module graph against .dependency-cruiser.cjs: no file cycles, a folder reached only
// through its index.ts, no app importing another, and folders that depend on each other one way.
// The rules are first shown to catch what they forbid on small fixture apps
// (tools/architecture/fixtures/), so a passing app is a real pass.

const FIXTURES = join(__dirname, 'fixtures');
const ARCHITECTURE_DOC = join(ROOT, 'docs/architecture.md');

const fixture = (name: string) => cruise(join(FIXTURES, name), 'apps/alpha/src');

jest.setTimeout(60_000);

describe('the module-graph rules (on fixture apps)', () => {
  it('accept an app whose folders import each other through their index.ts', () => {
    const result = fixture('well-formed');
    expect(result.violations).toEqual([]);
    expect(result.modules).toHaveLength(7);
    expect(folderCycle(folderGraph('alpha', result.modules))).toBeUndefined();
  });

  it('refuse an import of a file behind another folder’s index.ts', () => {
    expect(fixture('behind-the-index').violations).toEqual([
      'capability-through-index: apps/alpha/src/users/users.service.ts → apps/alpha/src/keys/keys.repository.ts',
    ]);
  });

  it('refuse files that import each other in a circle', () => {
    expect(fixture('circle').violations).toEqual([
      'no-circular: apps/alpha/src/keys/key-limits.ts → apps/alpha/src/keys/keys.service.ts → apps/alpha/src/keys/key-limits.ts',
    ]);
  });

  it('refuse an app importing another app, even through its index', () => {
    expect(fixture('other-app').violations).toEqual([
      'no-cross-app: apps/alpha/src/users/users.service.ts → apps/beta/src/billing/index.ts',
    ]);
  });

  it('find folders that import each other through their indexes, where no file circle shows it', () => {
    const result = fixture('folder-circle');
    expect(result.violations).toEqual([]);
    expect(folderCycle(folderGraph('alpha', result.modules))).toEqual(['keys', 'users', 'keys']);
  });
});

describe('each checked app’s module graph', () => {
  const cruises = new Map(CHECKED_APPS.map((app) => [app, cruise(ROOT, `apps/${app}/src`)]));

  it.each(CHECKED_APPS)(
    'apps/%s/src has no file cycle, reaches folders only through their index and imports no other app',
    (app) => {
      const result = cruises.get(app)!;
      expect(result.modules.length).toBeGreaterThan(0);
      expect(result.violations).toEqual([]);
    },
  );

  it.each(CHECKED_APPS)('apps/%s/src: its folders depend on each other one way (no folder circle)', (app) => {
    const graph = folderGraph(app, cruises.get(app)!.modules);
    expect(graph.size).toBeGreaterThan(0);
    expect(folderCycle(graph)).toBeUndefined();
  });

  // docs/architecture.md draws each app's folder graph between markers; UPDATE_MODULE_MAP=1 redraws it.
  it('docs/architecture.md shows each checked app’s module map as the code has it', () => {
    const start = '<!-- module-map:start (generated: UPDATE_MODULE_MAP=1 jest tools/architecture) -->';
    const end = '<!-- module-map:end -->';
    const maps = CHECKED_APPS.map(
      (app) => `### apps/${app}\n\n${mermaidOf(folderGraph(app, cruises.get(app)!.modules))}`,
    ).join('\n\n');
    const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    expect(from).toBeGreaterThan(-1);
    expect(to).toBeGreaterThan(from);
    const current = doc.slice(from + start.length, to).trim();
    if (process.env['UPDATE_MODULE_MAP'] === '1' && current !== maps) {
      writeFileSync(ARCHITECTURE_DOC, `${doc.slice(0, from + start.length)}\n\n${maps}\n\n${doc.slice(to)}`);
      return;
    }
    expect(current).toBe(maps);
  });
});
