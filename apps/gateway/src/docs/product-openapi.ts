import { Header, type ApiRoute } from '@latchkey/contracts';
import { ALL_ROUTES, apiRouteOf } from '@latchkey/api-routes';
import {
  OPENAPI_VERSION,
  openApiOperationOf,
  openApiPathOf,
  PROBLEM_SCHEMA,
  problemResponse,
  USER_TOKEN_SCHEME,
} from '@latchkey/runtime';

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
};

type Operation = Record<string, unknown>;
type Responses = Record<string, Record<string, unknown>>;

/**
 * One security scheme per credential form the gateway takes (see credential-parser.ts). A key's
 * public id and secret go together: one requirement naming both schemes.
 */
const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key secret (lk_live_… or lk_test_…)',
    description: 'An API key: `Authorization: Bearer <secret>`.',
  },
  publicId: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key public id',
    description: "A key's public id as the bearer, with its secret in `X-Secret-Key`.",
  },
  secretKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Secret-Key',
    description: "A key's secret, beside its public id in `Authorization`.",
  },
  accessToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/token: stands for its key, with its scopes.',
  },
  [USER_TOKEN_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A user token from POST /auth/login: the scopes of its role.',
  },
} as const;

/** The rate limit headers the gateway sets on every answer to a credential it could use. */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in this window', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
};
const RETRY_AFTER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer' },
};
const headerRefs = (names: string[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

const isSuccess = (status: string) => status.startsWith('2');

/**
 * What the gateway answers for a route beside its service's answers: the service's success answers
 * (with the rate limit headers) and problems, and the gateway's own refusals.
 */
function responsesFor(route: ApiRoute, declared: Operation): Responses {
  const own = (declared['responses'] ?? {}) as Responses;
  const success: Responses = Object.keys(own).some(isSuccess) ? {} : { '200': { description: 'OK' } };
  const responses: Responses = { ...success, ...own };
  for (const [status, response] of Object.entries(responses)) {
    if (isSuccess(status)) {
      responses[status] = {
        ...response,
        headers: { ...(response['headers'] as object), ...headerRefs(Object.keys(RATE_LIMIT_HEADERS)) },
      };
    }
  }
  responses['401'] = problemResponse(
    'invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked',
  );
  // A declaration's 403 names the gateway's refusals (derivedProblems) when it has its own; else
  // they are the only 403.
  const declared403 = own['403']?.['description'];
  responses['403'] =
    typeof declared403 === 'string' && declared403.startsWith('insufficient_scope')
      ? (own['403'] as Record<string, unknown>)
      : problemResponse(
          `insufficient_scope, path_not_allowed or ip_not_allowed${typeof declared403 === 'string' ? `; ${declared403}` : ''}`,
        );
  if (route.instanceParam && !responses['404']) {
    responses['404'] = problemResponse('not_found (including another organisation’s)');
  }
  if (declared['requestBody']) {
    responses['413'] = problemResponse('payload_too_large: the body exceeds 1 MiB');
  }
  responses['429'] = {
    ...problemResponse('rate_limited (the key’s or user’s limit, or too many failed credentials)'),
    headers: headerRefs(['Retry-After', ...Object.keys(RATE_LIMIT_HEADERS)]),
  };
  return responses;
}

/**
 * One operation per route of the route -> scope table, with the scope it requires, and what the
 * service behind documents for it: its query and header parameters, request body and answers.
 */
function operationFor(route: ApiRoute, declared: Operation): Operation {
  const params = [...route.path.matchAll(/:([a-z_]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const declaredParams = ((declared['parameters'] ?? []) as { in?: unknown }[]).filter(
    (p) => p.in !== 'path',
  );
  const scope = [route.scope];
  return {
    tags: [route.path.split('/')[2] ?? 'api'],
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[/:.]+([a-z_])/g, (_m, c: string) => c.toUpperCase())}`,
    description: `Requires scope \`${route.scope}\`${route.instanceParam ? ` (or \`${route.scope}@<${route.instanceParam}>\` bound to this instance)` : ''}.`,
    'x-required-scope': route.scope,
    // Scopes on non-OAuth schemes are role names in OpenAPI 3.1: here, the scope the key must hold.
    security: [
      { apiKey: scope },
      { publicId: scope, secretKey: scope },
      { accessToken: scope },
      { [USER_TOKEN_SCHEME]: scope },
    ],
    parameters: [...params, ...declaredParams],
    ...(declared['requestBody'] ? { requestBody: declared['requestBody'] } : {}),
    responses: responsesFor(route, declared),
  };
}

/**
 * The product's one OpenAPI document, built from every service's route declarations (ALL_ROUTES)
 * and nothing fetched: a key or webhook route as the gateway fronts it (its table entry, the same
 * the gateway authorizes with, with its declaration's parameters, body and answers, and the
 * gateway's own), every other route (identity's sign-in, members, …, audit's public checkpoint
 * keys) as its service documents it.
 */
export function buildProductDocument(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of ALL_ROUTES) {
    const path = openApiPathOf(route.path);
    const method = route.method.toLowerCase();
    const keyRoute = apiRouteOf(route);
    const declared = openApiOperationOf(route);
    // A public route (sign-in, JWKS, audit's checkpoint keys) says so: anyone may call it.
    const operation = keyRoute
      ? operationFor(keyRoute, declared)
      : { ...declared, ...(route.access.kind === 'public' ? { security: [] } : {}) };
    paths[path] = { ...(paths[path] ?? {}), [method]: operation };
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Latchkey API',
      version: '0.1.0',
      description: `Everything goes through the gateway. Send an API key as \`Authorization: Bearer lk_live_…\` (or its public id as the bearer and the secret in \`${Header.SecretKey}\`), or a user or access token. Errors are application/problem+json with a \`code\`.`,
    },
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      headers: { ...RATE_LIMIT_HEADERS, 'Retry-After': RETRY_AFTER },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
