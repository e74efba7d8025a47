import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '@latchkey/contracts';
import type { ProblemCode } from '@latchkey/sdk';
import { OPENAPI_JSON, REGENERATE, renderOpenApiArtifacts, SDK_TYPES } from './openapi-artifacts';

/**
 * docs/openapi.json and the SDK's types are generated from the services' code: each must be exactly
 * what `node scripts/openapi.mjs` writes today, or an integration reads a contract that is not the
 * one served.
 */
const ROOT = join(__dirname, '../..');

// The SDK's problem codes are the contract's, both ways (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const codesMatch: Same<ProblemCode, ErrorCode> = true;

let files: Record<string, string>;

beforeAll(async () => {
  files = await renderOpenApiArtifacts();
}, 60_000);

describe.each([OPENAPI_JSON, SDK_TYPES])('%s', (file) => {
  it(`is what scripts/openapi.mjs generates from the services' code (else run: ${REGENERATE})`, () => {
    const committed = readFileSync(join(ROOT, file), 'utf8');
    const expected = files[file];
    // A short message naming the fix, rather than a diff of a 170 KB file.
    if (committed !== expected) throw new Error(`${file} is out of date: run ${REGENERATE}`);
    expect(codesMatch).toBe(true);
  });
});

it('renders the same bytes for the same document (stable key order)', async () => {
  const document = JSON.parse(files[OPENAPI_JSON]!) as Record<string, unknown>;
  const reversed = Object.fromEntries(Object.entries(document).reverse());
  const again = await renderOpenApiArtifacts(reversed);
  expect(again[OPENAPI_JSON]).toBe(files[OPENAPI_JSON]);
  expect(again[SDK_TYPES]).toBe(files[SDK_TYPES]);
});
