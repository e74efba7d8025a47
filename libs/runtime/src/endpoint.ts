import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  type Type,
} from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  type HttpMethod,
  isStreamed,
  type Route,
  type RouteAccess,
  type RouteInput,
  type RouteOutput,
  type RouteSpec,
} from '@latchkey/contracts';
import { z } from 'zod';
import { Access, type AccessRule, ROUTE_DECLARATION, routeDeclarationOf } from './access';
import { parseInput } from './problems';

const REQUEST_METHODS: Readonly<Record<HttpMethod, RequestMethod>> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PUT: RequestMethod.PUT,
  PATCH: RequestMethod.PATCH,
  DELETE: RequestMethod.DELETE,
};

/** The AccessRule (what AccessGuard and AccessRulesCheck read) a declaration's access stands for. */
export function accessRuleFor(access: RouteAccess): AccessRule {
  switch (access.kind) {
    case 'public':
      return { kind: 'public' };
    case 'user':
      return { kind: 'user', roles: access.roles };
    case 'key':
      return { kind: 'principal', credential: 'key' };
    case 'webhook':
      return { kind: 'principal', credential: 'webhook' };
  }
}

/**
 * JSON Schema of what a service sends for a zod schema (zod's output side): a Fastify response
 * schema, compiled by fast-json-stringify, and the OpenAPI document's answer.
 */
export function outputJsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/**
 * Fastify's response schemas of a route, by status. A body is serialised by fast-json-stringify
 * from its schema: only the properties declared leave, so a field a handler adds by mistake (a
 * hash, a secret) is dropped rather than sent. Problems have no schema here: they are sent as built;
 * nor has a streamed answer (CSV, NDJSON, SSE): the handler writes it, and a JSON serialiser must
 * not touch it.
 */
export function responseSchemasOf(route: RouteSpec): Record<number, Record<string, unknown>> {
  const schemas: Record<number, Record<string, unknown>> = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    if (answer && !isStreamed(answer)) schemas[Number(status)] = outputJsonSchemaOf(answer);
  }
  return schemas;
}

/**
 * Serves a handler as a declared route: registers it with Nest (method, path, success status),
 * declares its access rule and applies the guards that enforce it (for AccessGuard and
 * AccessRulesCheck, exactly as @Access), sets the Fastify response schemas, and leaves the
 * declaration for @Input to parse the request with.
 */
/**
 * A method decorator that accepts only a handler returning one of the route's success bodies (the
 * type is checked at compile time; at run time, the response schema drops anything else).
 */
export type EndpointDecorator<R extends RouteSpec> = <
  H extends (...args: never[]) => RouteOutput<R> | Promise<RouteOutput<R>>,
>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<H>,
) => void;

export function Endpoint<R extends Route>(route: R, ...guards: Type<CanActivate>[]): EndpointDecorator<R> {
  if (route.access.kind !== 'public' && guards.length === 0) {
    // Who enforces the rule? Backends trust the gateway-signed principal (its guard is global);
    // a service says so explicitly by passing an enforcement (endpointsFor).
    throw new Error(
      `${route.method} ${route.path}: a ${route.access.kind} route needs the guards that enforce it`,
    );
  }
  const decorate = applyDecorators(
    RequestMapping({ path: route.path, method: REQUEST_METHODS[route.method] }),
    HttpCode(route.successStatus),
    SetMetadata(ROUTE_DECLARATION, route),
    Access(accessRuleFor(route.access), ...guards),
    RouteSchema({ response: responseSchemasOf(route) }),
  );
  return (target, key, descriptor) => {
    decorate(target, key, descriptor);
  };
}

/** How a service enforces each kind of access it serves: the guards, after AccessGuard. */
export type AccessEnforcement = {
  readonly [K in Exclude<RouteAccess['kind'], 'public'>]?: (
    access: Extract<RouteAccess, { kind: K }>,
  ) => Type<CanActivate>[];
};

/**
 * The service's Endpoint decorator: each route's guards come from the service's enforcement of its
 * access kind. A route of a kind the service does not enforce fails when its controller loads.
 */
export function endpointsFor(enforcement: AccessEnforcement) {
  return <R extends Route>(route: R): EndpointDecorator<R> => {
    const access: RouteAccess = route.access;
    if (access.kind === 'public') return Endpoint(route);
    const enforce = enforcement[access.kind] as ((a: RouteAccess) => Type<CanActivate>[]) | undefined;
    if (!enforce) {
      throw new Error(`${route.method} ${route.path}: this service does not serve ${access.kind} routes`);
    }
    return Endpoint(route, ...enforce(access));
  };
}

interface RequestParts {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

/** Parses a request's params, query and body with the route's schemas (400 invalid_request otherwise). */
export function parseRouteInput<R extends RouteSpec>(route: R, request: RequestParts): RouteInput<R> {
  const parse = (schema: z.ZodType | undefined, value: unknown, where: string) =>
    schema ? parseInput(schema, value, where) : undefined;
  const body = request.body === undefined && route.bodyOptional ? {} : request.body;
  return {
    params: parse(route.params, request.params ?? {}, 'path'),
    query: parse(route.query, request.query ?? {}, 'query'),
    body: parse(route.body, body, 'body'),
  } as RouteInput<R>;
}

/**
 * The handler's input, parsed with its route's declared schemas: `@Input() input: RouteInput<typeof
 * route>`. Runs after the guards, so a refused caller learns nothing of the input's shape.
 */
export const Input = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const route = routeDeclarationOf(context.getHandler());
  if (!route)
    throw new Error(`@Input() on ${context.getClass().name}.${context.getHandler().name}, not an Endpoint`);
  return parseRouteInput(route, context.switchToHttp().getRequest<RequestParts>());
});
