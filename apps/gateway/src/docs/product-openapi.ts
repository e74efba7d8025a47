import { API_ROUTES, type ApiRoute } from '@latchkey/contracts';

type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
};

const PROBLEM = {
  description: 'Problem details (RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          code: { type: 'string' },
          detail: { type: 'string' },
          request_id: { type: 'string' },
        },
      },
    },
  },
};

/** `/v1/projects/:id` -> `/v1/projects/{id}` */
function openApiPath(path: string): string {
  return path.replace(/:([a-z_]+)/g, '{$1}');
}

/** One operation per route of the route -> scope table, with the scope it requires. */
function operationFor(route: ApiRoute): Record<string, unknown> {
  const params = [...route.path.matchAll(/:([a-z_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  return {
    tags: [route.path.split('/')[2] ?? 'api'],
    summary: route.summary,
    description: `Requires scope \`${route.scope}\`${route.instanceParam ? ` (or \`${route.scope}@<${route.instanceParam}>\` bound to this instance)` : ''}.`,
    'x-required-scope': route.scope,
    security: [{ apiKey: [route.scope] }, { bearer: [route.scope] }],
    parameters: params,
    responses: {
      '200': { description: 'OK' },
      '401': { ...PROBLEM, description: 'invalid_api_key: missing, malformed, unknown, expired or revoked' },
      '403': { ...PROBLEM, description: 'insufficient_scope, path_not_allowed or ip_not_allowed' },
      '404': { ...PROBLEM, description: 'not_found (including another organisation’s resources)' },
      '429': { ...PROBLEM, description: 'rate_limited, with Retry-After' },
    },
  };
}

/**
 * The product's one OpenAPI document: identity's own (generated from its controllers) plus one
 * operation per entry of the route table, which is the same table the gateway authorizes with.
 */
export function buildProductDocument(identity: OpenApiDocument | undefined): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = { ...(identity?.paths ?? {}) };
  for (const route of API_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operationFor(route) };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Latchkey API',
      version: '0.1.0',
      description:
        'Everything goes through the gateway. Send an API key as `Authorization: Bearer lk_live_…` (or public id + `X-Secret-Key`), or a user or access token. Errors are application/problem+json with a `code`.',
    },
    paths,
    components: {
      ...(identity?.components ?? {}),
      securitySchemes: {
        ...(identity?.components?.['securitySchemes'] ?? {}),
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'lk_live_… API key' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
