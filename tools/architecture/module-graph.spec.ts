import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// Each app's module graph against .dependency-cruiser.cjs: no file cycles, a folder reached only
// through its index.ts, no app importing another. The rules are first shown to catch what they
// forbid on small fixture apps (tools/architecture/fixtures/), so a passing app is a real pass.

/**
 * The apps held to the rules: an app joins the list (one line) once its folders pass.
 * `npx depcruise --output-type err apps/<app>/src` lists what stands in the way.
 */
const CHECKED_APPS = [
  'audit',
  'cli',
  'data-api',
  // identity, gateway: being split into capability modules.
  // console: its folders are not reached through an index yet.
];

const ROOT = resolve(__dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const FIXTURES = join(__dirname, 'fixtures');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

interface Cruise {
  /** One line per violation: `rule: from → to` (a cycle: every file on it). */
  violations: string[];
  modules: number;
}

function describeViolation(violation: Violation): string {
  const path = violation.cycle
    ? [violation.from, ...violation.cycle.map((step) => step.name)]
    : [violation.from, violation.to];
  return `${violation.rule.name}: ${path.join(' → ')}`;
}

/** Runs depcruise with the workspace's rules over `target`, as seen from `cwd` (a workspace root). */
function cruise(cwd: string, target: string): Cruise {
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', target], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`depcruise ${target} failed (exit ${run.status}): ${run.stderr}`);
  const { summary } = JSON.parse(run.stdout) as {
    summary: { violations: Violation[]; totalCruised: number };
  };
  return { violations: summary.violations.map(describeViolation), modules: summary.totalCruised };
}

const fixture = (name: string) => cruise(join(FIXTURES, name), 'apps/alpha/src');

jest.setTimeout(60_000);

describe('the module-graph rules (on fixture apps)', () => {
  it('accept an app whose folders import each other through their index.ts', () => {
    const result = fixture('well-formed');
    expect(result.violations).toEqual([]);
    expect(result.modules).toBe(7);
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
});

describe('each checked app’s module graph', () => {
  it.each(CHECKED_APPS)(
    'apps/%s/src has no cycle, reaches folders only through their index and imports no other app',
    (app) => {
      const result = cruise(ROOT, `apps/${app}/src`);
      expect(result.modules).toBeGreaterThan(0);
      expect(result.violations).toEqual([]);
    },
  );
});
