import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every app and library says in its README what it owns and what it must not do, so a newcomer can
 * tell where a behaviour belongs (and where it may not go) before reading its code.
 */
const ROOT = join(__dirname, '../..');

const MODULES = ['apps', 'libs'].flatMap((parent) =>
  readdirSync(join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, parent, entry.name, 'package.json')))
    .map((entry) => `${parent}/${entry.name}`),
);

/** The text after `- **<label>:**` in the README's "Owns / Must not" section, or undefined. */
function statement(readme: string, label: 'Owns' | 'Must not'): string | undefined {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Owns / Must not\n'));
  const line = section?.split('\n').find((l) => l.startsWith(`- **${label}:**`));
  return line?.slice(`- **${label}:**`.length).trim();
}

describe('the READMEs of apps and libraries', () => {
  it('cover every app and library of the workspace', () => {
    expect(MODULES).toEqual(expect.arrayContaining(['apps/gateway', 'apps/cli', 'libs/contracts']));
  });

  it.each(MODULES)('%s/README.md states what the module owns and what it must not do', (module) => {
    const file = join(ROOT, module, 'README.md');
    expect(existsSync(file)).toBe(true);
    const readme = readFileSync(file, 'utf8');
    expect(statement(readme, 'Owns')).toMatch(/\w{3,}/);
    expect(statement(readme, 'Must not')).toMatch(/\w{3,}/);
  });
});
