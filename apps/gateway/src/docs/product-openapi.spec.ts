import { API_ROUTES, RESOURCE_ROUTES } from '@latchkey/api-routes';
import type { Route } from '@latchkey/contracts';
import { openApiOperationOf } from '@latchkey/runtime';
import { buildProductDocument, type OpenApiDocument } from './product-openapi';

const upstream = (paths: OpenApiDocument['paths']): OpenApiDocument => ({
  openapi: '3.1.0',
  info: {},
  paths,
});

describe('the product OpenAPI document', () => {
  it('has one operation per route of the route table, with the scope the gateway enforces', () => {
    const doc = buildProductDocument(undefined);
    for (const route of API_ROUTES) {
      const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()]).toMatchObject({
        'x-required-scope': route.scope,
      });
    }
  });

  it("documents a declared route's parameters, body and answers from its declaration", () => {
    const doc = buildProductDocument(undefined);
    const create = openApiOperationOf(RESOURCE_ROUTES.projects.create as Route);
    expect(doc.paths['/v1/projects']?.['post']).toMatchObject({ requestBody: create['requestBody'] });
    expect(doc.paths['/v1/projects']?.['get']).toMatchObject({
      parameters: expect.arrayContaining([expect.objectContaining({ name: 'limit', in: 'query' })]),
    });
    // The path parameter is the route table's, once; the declared header parameter is added.
    const ingest = doc.paths['/v1/webhooks/{connection_id}/events']?.['post'] as {
      parameters: { name: string; in: string }[];
    };
    expect(ingest.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:connection_id',
      'header:Idempotency-Key',
    ]);
    // A document served for a declared route does not replace its declaration.
    const stale = upstream({ '/v1/projects': { post: { requestBody: { content: {} } } } });
    expect(buildProductDocument(undefined, [stale]).paths['/v1/projects']?.['post']).toMatchObject({
      requestBody: create['requestBody'],
    });
  });

  it("takes an undeclared route's query parameters and answers from its service's own document", () => {
    const audit = upstream({
      '/audit/events': {
        get: {
          parameters: [{ name: 'type', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'A page of events' } },
        },
      },
    });
    const doc = buildProductDocument(undefined, [undefined, audit]);
    expect(doc.paths['/audit/events']?.['get']).toMatchObject({
      parameters: [{ name: 'type', in: 'query' }],
      responses: { '200': { description: 'A page of events' } },
    });
    // A service that documents nothing for a route leaves it without parameters of its own.
    expect(doc.paths['/audit/verify']?.['get']).toMatchObject({ parameters: [] });
  });

  it('documents the statuses the services really answer, and the gateway’s refusals as problems', () => {
    const doc = buildProductDocument(undefined);
    const responses = (path: string, method: string) =>
      (doc.paths[path]?.[method] as { responses: Record<string, unknown> }).responses;
    expect(Object.keys(responses('/v1/projects', 'post')).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '429',
      '502',
      '503',
      '504',
    ]);
    expect(Object.keys(responses('/v1/webhooks/{connection_id}/events', 'post'))).toContain('202');
    expect(responses('/v1/projects/{id}', 'get')).toMatchObject({
      '200': { headers: { 'RateLimit-Remaining': {} } },
      '404': {
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    });
  });

  it('declares a security scheme per credential form, each requirement naming the scope', () => {
    const doc = buildProductDocument(undefined);
    expect(Object.keys(doc.components?.['securitySchemes'] ?? {}).sort()).toEqual(
      ['accessToken', 'apiKey', 'publicId', 'secretKey', 'userToken'].sort(),
    );
    expect(doc.paths['/v1/leads']?.['get']).toMatchObject({
      security: [
        { apiKey: ['leads:read'] },
        { publicId: ['leads:read'], secretKey: ['leads:read'] },
        { accessToken: ['leads:read'] },
        { userToken: ['leads:read'] },
      ],
    });
  });
});
