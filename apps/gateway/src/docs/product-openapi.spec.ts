import { API_ROUTES } from '@latchkey/api-routes';
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

  it("takes each route's request body and query and header parameters from its service's own document", () => {
    const body = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
    const dataApi = upstream({
      '/v1/projects': {
        get: { parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }] },
        post: { requestBody: body },
      },
      '/v1/webhooks/{connection_id}/events': {
        post: {
          parameters: [
            { name: 'connection_id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
          ],
        },
      },
    });
    const doc = buildProductDocument(undefined, [undefined, dataApi]);
    expect(doc.paths['/v1/projects']?.['post']).toMatchObject({ requestBody: body });
    expect(doc.paths['/v1/projects']?.['get']).toMatchObject({
      parameters: [{ name: 'limit', in: 'query' }],
    });
    // The path parameter is the route table's, once; the service's header parameter is added.
    const ingest = doc.paths['/v1/webhooks/{connection_id}/events']?.['post'] as {
      parameters: { name: string; in: string }[];
    };
    expect(ingest.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:connection_id',
      'header:Idempotency-Key',
    ]);
    // A service that documents nothing for a route leaves it without a body.
    expect(doc.paths['/v1/leads']?.['post']).not.toHaveProperty('requestBody');
  });

  it('documents the statuses the services really answer, and the gateway’s refusals as problems', () => {
    const dataApi = upstream({
      '/v1/projects': { post: { requestBody: {}, responses: { '201': { description: 'Created' } } } },
      '/v1/webhooks/{connection_id}/events': { post: { responses: { '202': { description: 'Stored' } } } },
    });
    const doc = buildProductDocument(undefined, [dataApi]);
    const responses = (path: string, method: string) =>
      (doc.paths[path]?.[method] as { responses: Record<string, unknown> }).responses;
    expect(Object.keys(responses('/v1/projects', 'post')).sort()).toEqual([
      '201',
      '401',
      '403',
      '413',
      '429',
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
