import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiQuery,
  ApiExtension,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@latchkey/contracts';
import { z } from 'zod';
import type { ProblemDescription } from '@latchkey/contracts';

/** JSON Schema of what a client sends (zod's input side), for the OpenAPI document. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** OpenAPI query parameters, one per property of the zod object a handler parses its query with. */
export function queryParametersOf(schema: z.ZodObject): Record<string, unknown>[] {
  const properties = (jsonSchemaOf(schema)['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }));
}

/** An OpenAPI JSON request body described by the zod schema the handler parses it with. */
export function jsonRequestBodyOf(schema: z.ZodType, required = true): Record<string, unknown> {
  return { required, content: { 'application/json': { schema: jsonSchemaOf(schema) } } };
}

/** Documents a request body with the very zod schema the handler parses it with. */
export function ZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ schema: jsonSchemaOf(schema) as never, ...(description ? { description } : {}) });
}

/** Documents query parameters from the zod object the handler parses them with. */
export function ZodQuery(schema: z.ZodObject) {
  return applyDecorators(
    ...queryParametersOf(schema).map(({ name, schema: property }) =>
      ApiQuery({ name: name as string, required: false, schema: property as never }),
    ),
  );
}

/**
 * OpenAPI 3.1: its schema dialect is JSON Schema 2020-12, which is what zod emits (`const`,
 * `type: "null"`); OpenAPI 3.0 forbids both, and standard validators reject such a document.
 */
export const OPENAPI_VERSION = '3.1.0';

/** Where every document declares the problem schema, once; responses refer to it. */
export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/**
 * Problem details (RFC 9457) as every service answers them (see ProblemExceptionFilter). The codes
 * are listed so that typed clients (the SDK's types are generated from this document) can switch
 * over them.
 */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: {
      type: 'string',
      enum: Object.values(ErrorCode),
      description: 'A stable error code: match on it, never on the title or detail',
    },
    detail: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      description: 'invalid_request: each field that does not parse (parseInput)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** An OpenAPI response: an application/problem+json body. */
export function problemResponse(description: ProblemDescription): Record<string, unknown> {
  return {
    description,
    content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
  };
}

/** The extension ApiProblems leaves on an operation, one per status, until the document is built. */
const PROBLEMS_EXTENSION = 'x-latchkey-problem-';

/**
 * Documents the problems an operation (or every operation of a controller) answers, by status:
 * `@ApiProblems({ 401: 'invalid_token', 429: 'rate_limited, with Retry-After' })`. Not through
 * `@ApiResponse`: on a method, that would drop the success answer Nest documents from `@HttpCode`.
 * An extension per status (a controller's and its method's do not replace each other), turned into
 * problem responses by buildOpenApiDocument.
 */
export function ApiProblems(problems: Readonly<Record<number, ProblemDescription>>) {
  return applyDecorators(
    ...Object.entries(problems).map(([status, description]) =>
      ApiExtension(`${PROBLEMS_EXTENSION}${status}`, description),
    ),
  );
}

/** The security scheme of a user token (from POST /auth/login), as every document names it. */
export const USER_TOKEN_SCHEME = 'userToken';

const SUCCESS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

/**
 * What every operation of a service's document can be told from its own declaration: a success
 * answer described (Nest leaves it empty), 400 invalid_request where it takes input, 404 where a
 * path names something. The problems only a route knows are declared on it (ApiProblems).
 */
function completeOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, { description?: string }>;
      for (const [status, response] of Object.entries(responses)) {
        if (!response.description) response.description = SUCCESS_DESCRIPTIONS[status] ?? 'Answer';
      }
      const extensions = operation as unknown as Record<string, unknown>;
      for (const key of Object.keys(extensions).filter((k) => k.startsWith(PROBLEMS_EXTENSION))) {
        responses[key.slice(PROBLEMS_EXTENSION.length)] = problemResponse(
          String(extensions[key]) as ProblemDescription,
        );
        delete extensions[key];
      }
      const parameters = (operation.parameters ?? []) as { in?: string }[];
      if ((operation.requestBody || parameters.some((p) => p.in === 'query')) && !responses['400']) {
        responses['400'] = problemResponse('invalid_request: the body or query does not parse');
      }
      if (parameters.some((p) => p.in === 'path') && !responses['404']) {
        responses['404'] = problemResponse('not_found (including another organisation’s)');
      }
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never },
  };
}

/** Builds the service's OpenAPI document from its controllers. */
export function buildOpenApiDocument(
  app: NestFastifyApplication,
  info: { title: string; description: string },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion(OPENAPI_VERSION)
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A user token from POST /auth/login',
      },
      USER_TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  completeOperations(document);
  return document;
}

/** Builds the service's OpenAPI document from its controllers and serves it at GET /openapi.json. */
export function serveOpenApi(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  info: { title: string; description: string },
): OpenAPIObject {
  const document = buildOpenApiDocument(app, info);
  fastify.get('/openapi.json', async () => document);
  return document;
}
