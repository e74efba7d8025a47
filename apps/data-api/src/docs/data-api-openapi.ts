import { jsonRequestBodyOf, queryParametersOf } from '@latchkey/runtime';
import { RESOURCES } from '../resources/resource-definitions';
import { listQuerySchema } from '../resources/resources.service';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../webhooks/webhook-ingest.service';

type Operation = Record<string, unknown>;

const pathParameter = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

/**
 * The data API's requests (bodies and query parameters) as OpenAPI, from the very schemas its
 * handlers parse them with. Its routes are generic (`/v1/:resource`), so the document is built from
 * the resource definitions rather than from the controllers; the gateway merges it into the
 * product's document, whose routes and scopes come from the route table.
 */
export function dataApiDocument(): {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
} {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const def of Object.values(RESOURCES)) {
    paths[`/v1/${def.name}`] = {
      get: { parameters: queryParametersOf(listQuerySchema(def)) },
      ...(def.create ? { post: { requestBody: jsonRequestBodyOf(def.create) } } : {}),
    };
    paths[`/v1/${def.name}/{id}`] = {
      get: { parameters: [pathParameter('id')] },
      ...(def.update
        ? { patch: { parameters: [pathParameter('id')], requestBody: jsonRequestBodyOf(def.update) } }
        : {}),
    };
  }
  paths['/v1/webhooks/{connection_id}/events'] = {
    post: {
      parameters: [
        pathParameter('connection_id'),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A retry with the same key is stored once and answered as the first time.',
          schema: {
            type: 'string',
            minLength: 1,
            maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
            pattern: '^[\\x21-\\x7e]+$',
          },
        },
      ],
      // Any JSON document: the sender's payload is stored as it came.
      requestBody: { required: true, content: { 'application/json': { schema: {} } } },
    },
  };
  return { openapi: '3.0.3', info: { title: 'Latchkey data API', version: '0.1.0' }, paths };
}
