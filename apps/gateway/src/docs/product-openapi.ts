import { API_ROUTES, type ApiRoute } from '@latchkey/contracts';

export type OpenApiDocument = {
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

/**
 * One operation per route of the route -> scope table, with the scope it requires, and what the
 * service behind documents for it: its query and header parameters and its request body.
 */
function operationFor(route: ApiRoute, served: Record<string, unknown> | undefined): Record<string, unknown> {
  const params = [...route.path.matchAll(/:([a-z_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const servedParams = ((served?.['parameters'] ?? []) as { in?: unknown }[]).filter((p) => p.in !== 'path');
  return {
    tags: [route.path.split('/')[2] ?? 'api'],
    summary: route.summary,
    description: `Requires scope \`${route.scope}\`${route.instanceParam ? ` (or \`${route.scope}@<${route.instanceParam}>\` bound to this instance)` : ''}.`,
    'x-required-scope': route.scope,
    security: [{ apiKey: [route.scope] }, { bearer: [route.scope] }],
    parameters: [...params, ...servedParams],
    ...(served?.['requestBody'] ? { requestBody: served['requestBody'] } : {}),
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
 * operation per entry of the route table, which is the same table the gateway authorizes with,
 * each with the request shapes its service documents (`upstreams`: the data API's and audit's
 * documents, absent while unreachable).
 */
export function buildProductDocument(
  identity: OpenApiDocument | undefined,
  upstreams: readonly (OpenApiDocument | undefined)[] = [],
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = { ...(identity?.paths ?? {}) };
  for (const route of API_ROUTES) {
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase();
    const served = upstreams.map((doc) => doc?.paths[path]?.[method]).find((op) => op !== undefined);
    paths[path] = {
      ...(paths[path] ?? {}),
      [method]: operationFor(route, served as Record<string, unknown> | undefined),
    };
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
