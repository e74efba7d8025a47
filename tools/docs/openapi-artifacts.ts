import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { productOpenApiDocument } from './product-document';

/**
 * What scripts/openapi.mjs writes and tools/docs/openapi-artifacts.spec.ts checks: the product's
 * OpenAPI document (docs/openapi.json) and the SDK's types generated from it. One rendering for
 * both, so the check compares exactly what the script would write.
 */

export const OPENAPI_JSON = 'docs/openapi.json';
export const SDK_TYPES = 'libs/sdk/src/generated/openapi.ts';
export const REGENERATE = 'npm run build && node scripts/openapi.mjs';

/** Object keys sorted at every level (arrays keep their order): the file diffs only on change. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

const HEADER = `/**
 * The Latchkey API's paths, operations and schemas, generated from ${OPENAPI_JSON} by
 * openapi-typescript. Do not edit: run \`${REGENERATE}\`.
 */

`;

/** The file contents, by path from the repository root. */
export async function renderOpenApiArtifacts(
  document?: unknown,
): Promise<Record<typeof OPENAPI_JSON | typeof SDK_TYPES, string>> {
  const stable = sortedKeys(document ?? productOpenApiDocument());
  const json = `${JSON.stringify(stable, null, 2)}\n`;
  // From the text just rendered, as a reader of the committed file would see it.
  const ast = await openapiTS(JSON.parse(json) as OpenAPI3, { silent: true });
  return { [OPENAPI_JSON]: json, [SDK_TYPES]: HEADER + astToString(ast) };
}
