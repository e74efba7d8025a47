import {
  ALL_ROUTES,
  API_ROUTES,
  checkpointKeys,
  listEvents,
  login,
  RESOURCE_ROUTES,
} from '@latchkey/api-routes';
import type { Route } from '@latchkey/contracts';
import { openApiOperationOf, openApiPathOf } from '@latchkey/runtime';
import { buildProductDocument } from './product-openapi';

describe('the product OpenAPI document', () => {
  it('has one operation per route of the route table, with the scope the gateway enforces', () => {
    const doc = buildProductDocument();
    for (const route of API_ROUTES) {
      const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()]).toMatchObject({
        'x-required-scope': route.scope,
      });
    }
  });

  it("documents a declared route's parameters, body and answers from its declaration", () => {
    const doc = buildProductDocument();
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
  });

  it('documents every declared route of every service, and nothing else', () => {
    const doc = buildProductDocument();
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      ALL_ROUTES.map((route) => `${route.method.toLowerCase()} ${openApiPathOf(route.path)}`).sort(),
    );
  });

  it("documents audit's routes from their declarations, without asking audit", () => {
    const doc = buildProductDocument();
    const declared = openApiOperationOf(listEvents);
    expect(doc.paths['/audit/events']?.['get']).toMatchObject({
      summary: listEvents.summary,
      parameters: declared['parameters'],
      responses: { '200': (declared['responses'] as Record<string, unknown>)['200'] },
    });
    expect(doc.paths[checkpointKeys.path]?.['get']).toMatchObject({
      ...openApiOperationOf(checkpointKeys),
      security: [],
    });
  });

  it("documents identity's routes as identity does, a public one as public", () => {
    const doc = buildProductDocument();
    expect(doc.paths['/auth/login']?.['post']).toEqual({ ...openApiOperationOf(login), security: [] });
  });

  it('documents the statuses the services really answer, and the gateway’s refusals as problems', () => {
    const doc = buildProductDocument();
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
    const doc = buildProductDocument();
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
