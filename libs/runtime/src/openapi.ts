import { applyDecorators } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBody, ApiQuery, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

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

/** Builds the service's OpenAPI document from its controllers and serves it at GET /openapi.json. */
export function serveOpenApi(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  info: { title: string; description: string },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  fastify.get('/openapi.json', async () => document);
  return document;
}
