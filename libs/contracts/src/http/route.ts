import { z } from 'zod';
import type { ProblemDescription } from '../error-codes';
import type { IdPrefix } from '../ids';
import type { Audience } from '../principal';

/**
 * One declaration per HTTP route (ADR 0018): method, path, who may call it, the zod schemas of what
 * it takes and of every answer, the problems it can return, and the words that document it. The
 * service registers, validates, serialises and documents the route from this object alone
 * (@latchkey/runtime's Endpoint and openApiOperationOf); the gateway's route → scope table and the
 * SDK's types are meant to come from the same objects. Plain data and zod: no framework here.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route. Default deny: a route has exactly one of these. */
export type RouteAccess =
  /** Anyone, without a credential. */
  | { readonly kind: 'public' }
  /** A signed-in user of one of these roles (identity's user token). */
  | { readonly kind: 'user'; readonly roles: readonly string[] }
  /**
   * An API key (or the access token or user token the gateway admits for it) holding `scope`; with
   * `instanceParam`, also a key whose scope is bound to the instance that path parameter names.
   */
  | ({ readonly kind: 'key' } & GatewayAccess)
  /** A webhook connection's key (holding `scope`), restricted to its ingest path. */
  | ({ readonly kind: 'webhook' } & GatewayAccess);

/**
 * What the gateway's route table (API_ROUTES, in @latchkey/api-routes) needs of a route it
 * authorises with a key: the table is derived from these, never written by hand.
 */
export interface GatewayAccess {
  readonly scope: string;
  /** The service the gateway forwards the request to. */
  readonly upstream: Audience;
  /** Path parameter that names a resource instance, for instance-bound scopes. */
  readonly instanceParam?: string;
  /** The prefix of the ids that parameter carries (`prj` for `prj_…`): what a binding must name. */
  readonly instancePrefix?: IdPrefix;
  /**
   * The service narrows this route's rows to the projects that project-bound grants name
   * (`leads:read@prj_1` reads the leads of project prj_1): such a grant passes the gateway here.
   */
  readonly projectRows?: true;
}

export type SuccessStatus = 200 | 201 | 202 | 204;

/**
 * An answer that is not one JSON document but a stream the handler writes itself (CSV, NDJSON,
 * Server-Sent Events): its media types, and the schema of each item it carries (a row, a line, an
 * event's `data`). No JSON serialiser is applied to it; the document describes each media type
 * with the item schema.
 */
export interface StreamedAnswer {
  readonly streamed: true;
  /** The media types it may be sent as (the first is the default), without parameters. */
  readonly mediaTypes: readonly [string, ...string[]];
  readonly item: z.ZodType;
  /** How the items are framed (one per line, an SSE event each, …). */
  readonly description: string;
}

/** Declares a streamed answer (see StreamedAnswer). */
export function streamed(
  mediaTypes: StreamedAnswer['mediaTypes'],
  item: z.ZodType,
  description: string,
): StreamedAnswer {
  return { streamed: true, mediaTypes, item, description };
}

/** Is this answer a stream the handler writes itself? */
export function isStreamed(answer: RouteAnswer): answer is StreamedAnswer {
  return answer !== null && 'streamed' in answer && answer.streamed === true;
}

/** One success answer: a JSON body schema, a streamed answer, or null for no body (204). */
export type RouteAnswer = z.ZodType | StreamedAnswer | null;

/** Every success answer by status. */
export type RouteResponses = Partial<Record<SuccessStatus, RouteAnswer>>;

/** What a route is declared with. */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify's syntax: `/admin/keys/:id`. Each `:param` is a key of `params`. */
  readonly path: string;
  /** Stable: SDK method names come from it. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /**
   * Request headers the route reads, by their documented name (`Idempotency-Key`): documented as
   * parameters; the handler parses the ones it reads with these schemas.
   */
  readonly headers?: z.ZodObject;
  readonly body?: z.ZodType;
  /** An absent body is read as `{}` (a body of all-optional fields may be left out). */
  readonly bodyOptional?: boolean;
  readonly responses: RouteResponses;
  /** The problems only this route knows, by status (`409: 'conflict: the key is revoked'`). */
  readonly problems?: Readonly<Record<number, ProblemDescription>>;
  /** Served through the gateway: its rate limit applies (429). True unless said otherwise. */
  readonly viaGateway?: boolean;
  readonly examples?: { readonly request?: unknown; readonly response?: unknown };
}

/** A declared route: its spec, with every problem it can return (the derived ones added). */
export type Route<S extends RouteSpec = RouteSpec> = S & {
  readonly problems: Readonly<Record<number, ProblemDescription>>;
  /** The status of its (first) success answer: what the service answers when the handler returns. */
  readonly successStatus: SuccessStatus;
};

/** The `:param` names of a path, in order. */
export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map(([, name]) => name as string);
}

/** Problems every route of a kind answers; a route's own declaration overrides the words. */
export function derivedProblems(spec: RouteSpec): Record<number, ProblemDescription> {
  const problems: Record<number, ProblemDescription> = {};
  if (spec.params || spec.query || spec.body)
    problems[400] = 'invalid_request: the path, query or body does not parse';
  if (spec.access.kind === 'user') {
    problems[401] = 'invalid_token: missing, malformed, expired or revoked user token';
    problems[403] = 'forbidden: a role that may not do this';
  } else if (spec.access.kind !== 'public') {
    problems[401] = 'invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked';
    problems[403] = 'insufficient_scope, path_not_allowed or ip_not_allowed';
  }
  if (pathParamsOf(spec.path).length > 0) problems[404] = 'not_found (including another organisation’s)';
  if (spec.body) {
    problems[413] = 'payload_too_large: a body over the gateway’s limit (1 MiB)';
    problems[415] = 'unsupported_media_type: a body that is not application/json';
  }
  if (spec.viaGateway !== false) {
    problems[429] = 'rate_limited, with Retry-After';
    // What the gateway answers for a service it could not get an answer from, on every route.
    problems[502] = 'upstream_unavailable: the service did not answer or broke off its answer';
    problems[503] = 'upstream_unavailable: the service is up but cannot reach its database or bus';
    problems[504] = 'upstream_unavailable (timed out): the service did not answer in time';
  }
  return problems;
}

/**
 * Declares a route. Checks what types cannot: the path's parameters are exactly the params
 * schema's keys, and there is one success answer at least. A mistake fails at import, not on a
 * request.
 */
export function defineRoute<const S extends RouteSpec>(spec: S): Route<S> {
  const named = pathParamsOf(spec.path).sort();
  const declared = Object.keys(spec.params?.shape ?? {}).sort();
  if (named.join() !== declared.join()) {
    throw new Error(
      `${spec.method} ${spec.path}: path parameters [${named.join(', ')}] differ from params [${declared.join(', ')}]`,
    );
  }
  const statuses = Object.keys(spec.responses).map(Number).sort() as SuccessStatus[];
  const successStatus = statuses[0];
  if (successStatus === undefined) throw new Error(`${spec.method} ${spec.path}: no success answer`);
  const access = spec.access;
  if (access.kind === 'key' || access.kind === 'webhook') {
    if (access.instanceParam && !named.includes(access.instanceParam)) {
      throw new Error(
        `${spec.method} ${spec.path}: instanceParam ${access.instanceParam} is not in the path`,
      );
    }
    if (access.instancePrefix && !access.instanceParam) {
      throw new Error(`${spec.method} ${spec.path}: instancePrefix without instanceParam`);
    }
  }
  return { ...spec, problems: { ...derivedProblems(spec), ...spec.problems }, successStatus };
}

type Output<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives for a route: its params, query and body, parsed by their schemas. */
export interface RouteInput<R extends RouteSpec> {
  params: Output<R['params']>;
  query: Output<R['query']>;
  body: Output<R['body']>;
}

/**
 * What a handler may return for a route: any of its success bodies (undefined for a 204, and for a
 * streamed answer, which the handler writes to the reply itself).
 */
export type RouteOutput<R extends RouteSpec> = {
  [S in keyof R['responses']]: R['responses'][S] extends z.ZodType ? z.input<R['responses'][S]> : void;
}[keyof R['responses']];

/** Path parameter schema of one id (`/:id`): any text; an unknown id is a 404, not a 400. */
export const idParams = z.object({ id: z.string() });
