import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from '@latchkey/contracts';
import { stringify } from 'yaml';

/**
 * docs/asyncapi.yaml is generated from the events' one declaration: it must be exactly what
 * `node scripts/asyncapi.mjs` writes today, and a valid AsyncAPI 3 document for third-party tools.
 */
const ROOT = join(__dirname, '../..');
const FILE = join(ROOT, 'docs/asyncapi.yaml');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('docs/asyncapi.yaml', () => {
  it('is what scripts/asyncapi.mjs generates from the event schemas (no drift)', () => {
    // The same rendering as scripts/asyncapi.mjs.
    const expected = stringify(asyncApiDocument(version), { lineWidth: 0 });
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });

  it('validates with @asyncapi/parser without errors', async () => {
    const { Parser } = require('@asyncapi/parser') as typeof import('@asyncapi/parser');
    const { diagnostics } = await new Parser().parse(readFileSync(FILE, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
  });
});
