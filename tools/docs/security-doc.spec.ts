import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * docs/security.md names, for every control, the test that proves it. This keeps the page honest:
 * every file it names exists, and every test name it quotes is in that file, so a renamed or
 * deleted test turns the page red instead of leaving a control unproven.
 */
const ROOT = join(__dirname, '../..');
const PAGE = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
const SEARCHED = ['apps', 'libs', 'e2e', 'tools', 'bench'];
const SKIPPED = new Set(['node_modules', 'dist', '.nx']);

/** Every source file of the searched folders, by base name (a name may appear in several folders). */
function filesByName(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name))
        found.set(entry.name, [...(found.get(entry.name) ?? []), path]);
    }
  };
  for (const dir of SEARCHED) walk(join(ROOT, dir));
  return found;
}

/** The rows of the control tables: those whose header's last column is "proven by". */
function controlRows(): string[] {
  const rows: string[] = [];
  let inControls = false;
  for (const line of PAGE.split('\n')) {
    if (!line.startsWith('|')) {
      inControls = false;
      continue;
    }
    if (/^\|\s*-/.test(line)) continue;
    if (/\|\s*proven by\s*\|\s*$/.test(line)) inControls = true;
    else if (inControls) rows.push(line);
  }
  return rows;
}

interface Reference {
  row: string;
  file: string;
  names: string[];
}

/**
 * The "proven by" cells: the last cell of each table row. A cell is clauses separated by `;`, each
 * naming a file in backticks (with or without its folder) and then, in double quotes, test names or
 * parts of them (`…` stands for the words left out).
 */
function references(): Reference[] {
  const refs: Reference[] = [];
  for (const line of controlRows()) {
    const cells = line.split(' | ');
    const proof = cells[cells.length - 1]?.replace(/\|\s*$/, '') ?? '';
    for (const clause of proof.split(/;\s+/)) {
      const file = /`([\w./-]+\.(?:ts|tsx|mjs))`/.exec(clause)?.[1];
      if (!file) continue;
      // A name may hold code spans (`__proto__`), so Markdown leaves it as written.
      const names = [...clause.matchAll(/"([^"]+)"/g)].map((m) => (m[1] as string).replace(/`/g, ''));
      refs.push({ row: cells[0]?.replace(/^\|\s*/, '') ?? '', file, names });
    }
  }
  return refs;
}

describe('docs/security.md', () => {
  const files = filesByName();
  const refs = references();

  it('names a proving test for every control', () => {
    const rows = controlRows();
    expect(rows.length).toBeGreaterThan(40);
    for (const line of rows) {
      const proof = line.split(' | ').pop() ?? '';
      expect({ line, names: /`[\w./-]+\.(ts|tsx|mjs)`/.test(proof) }).toEqual({ line, names: true });
    }
  });

  it('every file it names exists, and every test name it quotes is in that file', () => {
    const problems: string[] = [];
    for (const { row, file, names } of refs) {
      const candidates = (files.get(basename(file)) ?? []).filter((path) => path.endsWith(file));
      if (candidates.length === 0) {
        problems.push(`${row}: no file ${file}`);
        continue;
      }
      const text = candidates.map((path) => readFileSync(path, 'utf8')).join('\n');
      for (const name of names)
        for (const part of name.split('…').map((p) => p.trim().replace(/[.,:]$/, '')))
          if (part.length > 0 && !text.includes(part)) problems.push(`${row}: "${part}" is not in ${file}`);
    }
    expect(problems).toEqual([]);
  });
});
