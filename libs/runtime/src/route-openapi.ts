import {
  isStreamed,
  pathParamsOf,
  type Route,
  type RouteAnswer,
  type StreamedAnswer,
  type SuccessStatus,
} from '@latchkey/contracts';
import { z } from 'zod';
import { outputJsonSchemaOf } from './endpoint';
import { jsonSchemaOf, OPENAPI_VERSION, PROBLEM_SCHEMA, problemResponse, USER_TOKEN_SCHEME } from './openapi';

/**
 * OpenAPI from route declarations, never from scanning: a service's document and the gateway's
 * merged one are built by these functions from the same objects that register, validate and
 * serialise the routes.
 */

type Json = Record<string, unknown>;

const SUCCESS_DESCRIPTIONS: Readonly<Record<SuccessStatus, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
};

/** `/admin/keys/:id` -> `/admin/keys/{id}` */
export function openApiPathOf(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parametersOf(route: Route): Json[] {
  const parameters: Json[] = [];
  const at = (where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined) => {
    if (!schema) return;
    const json = jsonSchemaOf(schema);
    const properties = (json['properties'] ?? {}) as Record<string, Json>;
    const required = new Set((json['required'] ?? []) as string[]);
    const names = where === 'path' ? pathParamsOf(route.path) : Object.keys(properties);
    for (const name of names) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: properties[name] ?? { type: 'string' },
      });
    }
  };
  at('path', route.params);
  at('query', route.query);
  at('header', route.headers);
  return parameters;
}

const example = (value: unknown): Json => (value === undefined ? {} : { example: value });

/**
 * A streamed answer's content: each media type is text (that is what a client reads), and
 * `x-item-schema` is the schema of each item it frames (OpenAPI 3.2 calls it `itemSchema`; 3.1
 * has no such field, and its validators refuse unknown ones that are not extensions).
 */
function streamedContentOf(answer: StreamedAnswer): Json {
  const itemSchema = outputJsonSchemaOf(answer.item);
  return Object.fromEntries(
    answer.mediaTypes.map((mediaType) => [
      mediaType,
      { schema: { type: 'string', description: answer.description }, 'x-item-schema': itemSchema },
    ]),
  );
}

function successResponseOf(route: Route, status: SuccessStatus, answer: RouteAnswer): Json {
  const description = SUCCESS_DESCRIPTIONS[status];
  if (answer === null) return { description };
  if (isStreamed(answer)) return { description: answer.description, content: streamedContentOf(answer) };
  return {
    description,
    content: {
      'application/json': { schema: outputJsonSchemaOf(answer), ...example(route.examples?.response) },
    },
  };
}

/** The OpenAPI operation of a declared route: who may call it, what it takes, every answer. */
export function openApiOperationOf(route: Route): Json {
  const { access } = route;
  const responses: Json = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    responses[status] = successResponseOf(route, Number(status) as SuccessStatus, answer ?? null);
  }
  for (const [status, description] of Object.entries(route.problems)) {
    responses[status] = problemResponse(description);
  }
  const parameters = parametersOf(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    ...(access.kind === 'user'
      ? { security: [{ [USER_TOKEN_SCHEME]: [] }], 'x-latchkey-roles': [...access.roles] }
      : {}),
    ...(access.kind === 'key' || access.kind === 'webhook' ? { 'x-required-scope': access.scope } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !route.bodyOptional,
            content: {
              'application/json': { schema: jsonSchemaOf(route.body), ...example(route.examples?.request) },
            },
          },
        }
      : {}),
    responses,
  };
}

export interface OpenApiDocumentInfo {
  title: string;
  description: string;
}

/** A service's OpenAPI 3.1 document: one operation per declared route. */
export function openApiDocumentOf(routes: readonly Route[], info: OpenApiDocumentInfo) {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = openApiPathOf(route.path);
    const method = route.method.toLowerCase();
    if (paths[path]?.[method]) throw new Error(`${route.method} ${route.path} is declared twice`);
    paths[path] = { ...paths[path], [method]: openApiOperationOf(route) };
  }
  const tags = [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name }));
  return {
    openapi: OPENAPI_VERSION,
    info: { title: info.title, description: info.description, version: '0.1.0' },
    tags,
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        [USER_TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A user token from POST /auth/login',
        },
      },
    },
  };
}
