import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable, fieldsOf, withConfigTable } from '@latchkey/runtime';
import { CONFIG_SCHEMAS } from '../config-schemas';

/**
 * The README's configuration table is rendered from the services' config schemas
 * (`node scripts/config-table.mjs`): every variable a service reads is in it, with the services that
 * read it, the code's default and the schema's description, and nothing else is.
 */
const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The variables the rows of the README's "Configuration" table name in their first cell. */
function tableVariables(): Map<string, string> {
  const section = README.split(/^## /m).find((part) => part.startsWith('Configuration\n')) ?? '';
  const found = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const [variables = '', services = ''] = line.split('|').slice(1);
    for (const [, name] of variables.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) found.set(name!, services.trim());
  }
  return found;
}

describe("the README's configuration table", () => {
  const documented = tableVariables();
  const read = new Map<string, string[]>();
  for (const [service, schema] of Object.entries(CONFIG_SCHEMAS))
    for (const variable of Object.keys(fieldsOf(schema)))
      read.set(variable, [...(read.get(variable) ?? []), service]);

  it('names every variable a service reads, with the services that read it', () => {
    const all = Object.keys(CONFIG_SCHEMAS).length;
    const problems = [...read.entries()]
      .map(([variable, services]) => {
        const listed = documented.get(variable);
        if (listed === undefined) return `${variable} (read by ${services.join(', ')}) is missing`;
        const expected = services.length === all ? 'all' : services.join(', ');
        return listed === expected ? undefined : `${variable}: "${listed}", but read by ${expected}`;
      })
      .filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });

  it('names no variable that no service reads', () => {
    expect([...documented.keys()].filter((variable) => !read.has(variable))).toEqual([]);
  });

  it('names every variable npm start reads (scripts/start.mjs), besides the services’ own', () => {
    const script = readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8');
    const reads = [
      ...script.matchAll(
        /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])|port\('([A-Z][A-Z0-9_]*)'/g,
      ),
    ].map((match) => match[1] ?? match[2] ?? match[3]);
    const section = README.split(/^## /m).find((part) => part.startsWith('Configuration\n')) ?? '';
    expect([...new Set(reads)].filter((variable) => !section.includes(`\`${variable}\``))).toEqual([]);
  });

  it('is the table the schemas render (node scripts/config-table.mjs rewrites it)', () => {
    expect(README).toBe(withConfigTable(README, configTable(CONFIG_SCHEMAS, ROOT)));
  });
});
