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

/** The security scheme of a user token (from POST /auth/login), as every document names it. */
export const USER_TOKEN_SCHEME = 'userToken';
