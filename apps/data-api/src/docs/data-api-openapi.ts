import {
  jsonRequestBodyOf,
  OPENAPI_VERSION,
  PROBLEM_SCHEMA,
  problemResponse,
  queryParametersOf,
} from '@latchkey/runtime';
import { RESOURCES } from '../resources/resource-definitions';
import { listQuerySchema } from '../resources/resources.service';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../webhooks/webhook-ingest.service';

type Operation = Record<string, unknown>;

const pathParameter = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

const INVALID = problemResponse('invalid_request: the body or query does not parse');
const NOT_FOUND = problemResponse('not_found (including another organisation’s)');
const PROJECT_BOUND = problemResponse(
  'insufficient_scope: a project-bound grant that does not name the project',
);

/** An operation of the data API, with the status its handler really answers (Nest's: 201 for a POST). */
function operation(
  tag: string,
  summary: string,
  responses: Record<string, unknown>,
  rest: Record<string, unknown> = {},
): Operation {
  return { tags: [tag], summary, operationId: `${tag}.${summary}`, ...rest, responses };
}

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
  components: Record<string, Record<string, unknown>>;
} {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const def of Object.values(RESOURCES)) {
    const one = [pathParameter('id')];
    paths[`/v1/${def.name}`] = {
      get: operation(
        def.name,
        'list',
        { '200': { description: 'A page of rows, newest first, with a cursor' }, '400': INVALID },
        { parameters: queryParametersOf(listQuerySchema(def)) },
      ),
      ...(def.create
        ? {
            post: operation(
              def.name,
              'create',
              { '201': { description: 'Created' }, '400': INVALID, '403': PROJECT_BOUND },
              { requestBody: jsonRequestBodyOf(def.create) },
            ),
          }
        : {}),
    };
    paths[`/v1/${def.name}/{id}`] = {
      get: operation(
        def.name,
        'read',
        { '200': { description: 'The row' }, '404': NOT_FOUND },
        { parameters: one },
      ),
      ...(def.update
        ? {
            patch: operation(
              def.name,
              'update',
              { '200': { description: 'The row, changed' }, '400': INVALID, '404': NOT_FOUND },
              { parameters: one, requestBody: jsonRequestBodyOf(def.update) },
            ),
          }
        : {}),
    };
  }
  paths['/v1/webhooks/{connection_id}/events'] = {
    post: {
      tags: ['webhooks'],
      summary: 'ingest',
      operationId: 'webhooks.ingest',
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
      responses: {
        '202': { description: 'Stored (a retry with the same Idempotency-Key: the first answer)' },
        '400': INVALID,
        '404': problemResponse('not_found: no such active connection of the organisation'),
      },
    },
  };
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Latchkey data API',
      version: '0.1.0',
      description: 'Projects, leads, invoices and transactions; webhook ingestion.',
    },
    paths,
    components: { schemas: { Problem: PROBLEM_SCHEMA } },
  };
}
