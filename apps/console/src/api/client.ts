import {
  createLatchkeyClient,
  LatchkeyProblemError,
  unwrap,
  userToken,
  type FetchLike,
  type LatchkeyClient,
  type Page,
  type PageInit,
  type PageItem,
  type PaginatedPath,
} from '@latchkey/sdk';
import { GatewayUnreachableError, NotSignedInError } from './problem-messages';
import type {
  AuditEventQuery,
  BulkRevocation,
  KeyCreateRequest,
  KeyListQuery,
  KeyRevocationFilter,
  KeyRotateRequest,
  SimulationRequest,
  KeyUpdateRequest,
  KeyUsageQuery,
  NotificationEndpointCreateRequest,
  PolicyRequest,
  RevocationPlan,
  UserCreateRequest,
  UserUpdateRequest,
  WebhookCreateRequest,
} from './types';

/**
 * The console's one wiring of `@latchkey/sdk`: every call the console makes goes through this
 * client, to the gateway on the page's own origin, with the signed-in user's token. Nothing else
 * in the console calls `fetch` (a test checks it).
 */

export interface Transport {
  /** The signed-in user's token, read on every call (undefined when nobody is signed in). */
  token(): string | undefined;
  /** The gateway refused this token: the session that holds it has ended. */
  onSessionEnded(token: string): void;
}

/** One page of a cursor-paginated list, as the console keeps it in its query cache. */
export interface ListPage<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * The platform's fetch with a network failure (gateway down, offline) turned into one error the
 * pages can put in words. An abort stays an abort. The SDK retries what is safe to retry first.
 */
function reporting(fetchImpl: FetchLike): FetchLike {
  return async (request) => {
    try {
      return await fetchImpl(request);
    } catch (error) {
      if (request.signal.aborted || (error as Error).name === 'AbortError') throw error;
      throw new GatewayUnreachableError({ cause: error });
    }
  };
}

export function createApi(
  transport: Transport,
  fetchImpl: FetchLike = (request) => globalThis.fetch(request),
) {
  const currentToken = () => {
    const token = transport.token();
    if (token === undefined) throw new NotSignedInError();
    return token;
  };
  const sdk: LatchkeyClient = createLatchkeyClient({
    // The console is served by the gateway: its API is on the page's own origin.
    baseUrl: '/',
    credentials: userToken(currentToken),
    fetch: reporting(fetchImpl),
    // A person is waiting: a longer Retry-After is shown in words rather than waited out.
    retry: { maxDelayMs: 5_000 },
  });
  const anonymous = sdk.withCredentials(undefined);

  // A 401 after the SDK's one retry with the provider's token means the session's token is no
  // longer accepted (expired, or the user disabled): end that session, not one begun since.
  const sentWith = new WeakMap<Request, string>();
  sdk.use({
    onRequest({ request }) {
      const token = transport.token();
      if (token !== undefined) sentWith.set(request, token);
    },
    onResponse({ request, response }) {
      const token = sentWith.get(request);
      if (response.status === 401 && token !== undefined) transport.onSessionEnded(token);
    },
  });

  /** The first page of a list from `cursor` on: one page per fetch of an infinite query. */
  async function page<P extends PaginatedPath>(path: P, init: PageInit<P>) {
    // One page, not the walk: the query cache holds the pages already loaded and asks for the next.
    const pages = (sdk.pages as (path: P, init: PageInit<P>) => AsyncGenerator<Page<PageItem<P>>>)(
      path,
      init,
    );
    const { value } = await pages.next();
    await pages.return(undefined);
    if (!value) throw new Error(`GET ${String(path)} answered no page`);
    const kept: ListPage<PageItem<P>> = { data: value.data, next_cursor: value.next_cursor };
    return kept;
  }

  const id = (value: string) => ({ params: { path: { id: value } } });

  return {
    /** The SDK client itself, for what the console reads as a stream (the audit live tail). */
    sdk,

    login: (email: string, password: string) =>
      unwrap(anonymous.POST('/auth/login', { body: { email, password } })),
    /** Every token the user held stops working; the answer carries the new one. */
    changePassword: (current_password: string, new_password: string) =>
      unwrap(sdk.POST('/auth/password', { body: { current_password, new_password } })),

    keys: {
      list: ({ cursor, ...query }: KeyListQuery) => page('/admin/keys', { query, ...cursorOf(cursor) }),
      get: (key: string) => unwrap(sdk.GET('/admin/keys/{id}', id(key))),
      create: (body: KeyCreateRequest) => unwrap(sdk.POST('/admin/keys', { body })),
      update: (key: string, body: KeyUpdateRequest) =>
        unwrap(sdk.PATCH('/admin/keys/{id}', { ...id(key), body })),
      rotate: (key: string, body: KeyRotateRequest) =>
        unwrap(sdk.POST('/admin/keys/{id}/rotate', { ...id(key), body })),
      revoke: (key: string, reason: string) =>
        unwrap(sdk.POST('/admin/keys/{id}/revoke', { ...id(key), body: { reason } })),
      remove: (key: string) => unwrap(sdk.DELETE('/admin/keys/{id}', id(key))),
      /** The organisation's key a secret belongs to: the secret in a POST body, never a URL (ADR 0020). */
      findBySecret: (secret: string) => unwrap(sdk.POST('/admin/keys/lookup', { body: { secret } })),
      enable: (key: string) => unwrap(sdk.POST('/admin/keys/{id}/enable', id(key))),
      recommendation: (key: string) => unwrap(sdk.GET('/admin/keys/{id}/recommendation', id(key))),
      /** The keys a filter names, kept as a plan (nothing is revoked yet). */
      planRevocation: async (filter: KeyRevocationFilter, reason: string) =>
        (await unwrap(
          sdk.POST('/admin/keys/bulk-revoke', { body: { dry_run: true, filter, reason } }),
        )) as RevocationPlan,
      /** Revokes exactly the plan's keys. */
      executeRevocation: async (plan_id: string) =>
        (await unwrap(sdk.POST('/admin/keys/bulk-revoke', { body: { plan_id } }))) as BulkRevocation,
      simulate: (key: string, body: SimulationRequest) =>
        unwrap(sdk.POST('/admin/keys/{id}/simulate', { ...id(key), body })),
    },

    users: {
      list: (cursor?: string) => page('/admin/users', { query: { limit: 100 }, ...cursorOf(cursor) }),
      create: (body: UserCreateRequest) => unwrap(sdk.POST('/admin/users', { body })),
      update: (user: string, body: UserUpdateRequest) =>
        unwrap(sdk.PATCH('/admin/users/{id}', { ...id(user), body })),
    },

    webhooks: {
      list: () => unwrap(sdk.GET('/admin/webhooks')),
      create: (body: WebhookCreateRequest) => unwrap(sdk.POST('/admin/webhooks', { body })),
      regenerate: (connection: string) => unwrap(sdk.POST('/admin/webhooks/{id}/regenerate', id(connection))),
      revoke: (connection: string) => unwrap(sdk.POST('/admin/webhooks/{id}/revoke', id(connection))),
    },
    notifications: {
      list: () => unwrap(sdk.GET('/admin/notifications/endpoints')),
      create: (body: NotificationEndpointCreateRequest) =>
        unwrap(sdk.POST('/admin/notifications/endpoints', { body })),
      remove: (endpoint: string) => unwrap(sdk.DELETE('/admin/notifications/endpoints/{id}', id(endpoint))),
      rotateSecret: (endpoint: string) =>
        unwrap(sdk.POST('/admin/notifications/endpoints/{id}/rotate-secret', id(endpoint))),
      deliveries: (endpoint: string) =>
        unwrap(sdk.GET('/admin/notifications/endpoints/{id}/deliveries', id(endpoint))),
      redeliver: (delivery: string) =>
        unwrap(sdk.POST('/admin/notifications/deliveries/{id}/redeliver', id(delivery))),
    },

    policy: {
      get: () => unwrap(sdk.GET('/admin/policy')),
      put: (body: PolicyRequest) => unwrap(sdk.PUT('/admin/policy', { body })),
    },

    audit: {
      events: ({ cursor, ...query }: AuditEventQuery) =>
        page('/audit/events', { query, ...cursorOf(cursor) }),
      usage: (key: string, query: KeyUsageQuery = {}) =>
        unwrap(sdk.GET('/audit/keys/{id}/usage', { params: { path: { id: key }, query } })),
      verify: () => unwrap(sdk.GET('/audit/verify')),
      /** A refusal's explanation: 404 until the gateway has flushed its denial window. */
      decision: (decision: string) => unwrap(sdk.GET('/admin/decisions/{id}', id(decision))),
    },
  };
}

const cursorOf = (cursor: string | undefined) => (cursor === undefined ? {} : { cursor });

export type Api = ReturnType<typeof createApi>;
export { LatchkeyProblemError };
