import { ApiError, networkError, toApiError } from './problem-messages';
import type {
  ApiKey,
  AuditEvent,
  ChainVerification,
  IssuancePolicy,
  IssuedKey,
  IssuedWebhookConnection,
  KeyUsage,
  Page,
  RevokeResult,
  RotatedKey,
  User,
  WebhookConnection,
} from './types';

export type Query = Record<string, string | number | undefined>;

export interface Transport {
  /** The signed-in user's token, if any. */
  token(): string | undefined;
  /** Called when the gateway refuses the token: the session has ended. */
  onSessionEnded(): void;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Every call the console makes, all through the gateway on the same origin. */
export function createApi(transport: Transport, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  async function send(
    method: string,
    path: string,
    body?: unknown,
    init: RequestInit = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = transport.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetchImpl(path, {
        ...init,
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw networkError();
    }
    if (response.ok) return response;
    const failure = await toApiError(response);
    if (response.status === 401 && token) transport.onSessionEnded();
    throw failure;
  }

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  return {
    send,
    login: (email: string, password: string) =>
      call<{ access_token: string; token_type: 'Bearer'; expires_in: number }>('POST', '/auth/login', {
        email,
        password,
      }),

    keys: {
      list: (query: Query) => call<Page<ApiKey>>('GET', withQuery('/admin/keys', query)),
      get: (id: string) => call<ApiKey>('GET', `/admin/keys/${encodeURIComponent(id)}`),
      create: (body: Record<string, unknown>) => call<IssuedKey>('POST', '/admin/keys', body),
      update: (id: string, body: Record<string, unknown>) =>
        call<ApiKey>('PATCH', `/admin/keys/${encodeURIComponent(id)}`, body),
      rotate: (id: string, body: Record<string, unknown>) =>
        call<RotatedKey>('POST', `/admin/keys/${encodeURIComponent(id)}/rotate`, body),
      revoke: (id: string, reason: string) =>
        call<RevokeResult>('POST', `/admin/keys/${encodeURIComponent(id)}/revoke`, { reason }),
      remove: (id: string) => call<void>('DELETE', `/admin/keys/${encodeURIComponent(id)}`),
    },

    users: {
      list: (query: Query = {}) =>
        call<Page<User>>('GET', withQuery('/admin/users', { limit: 100, ...query })),
      create: (body: Record<string, unknown>) => call<User>('POST', '/admin/users', body),
      update: (id: string, body: Record<string, unknown>) =>
        call<User>('PATCH', `/admin/users/${encodeURIComponent(id)}`, body),
    },

    webhooks: {
      list: () => call<Page<WebhookConnection>>('GET', '/admin/webhooks'),
      create: (body: { name: string; environment: string }) =>
        call<IssuedWebhookConnection>('POST', '/admin/webhooks', body),
      regenerate: (id: string) =>
        call<IssuedWebhookConnection>('POST', `/admin/webhooks/${encodeURIComponent(id)}/regenerate`),
      revoke: (id: string) =>
        call<WebhookConnection>('POST', `/admin/webhooks/${encodeURIComponent(id)}/revoke`),
    },

    policy: {
      get: () => call<IssuancePolicy>('GET', '/admin/policy'),
      put: (body: IssuancePolicy) => call<IssuancePolicy>('PUT', '/admin/policy', body),
    },

    audit: {
      events: (query: Query) => call<Page<AuditEvent>>('GET', withQuery('/audit/events', query)),
      usage: (keyId: string, query: Query = {}) =>
        call<KeyUsage>('GET', withQuery(`/audit/keys/${encodeURIComponent(keyId)}/usage`, query)),
      verify: () => call<ChainVerification>('GET', '/audit/verify'),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
export { ApiError };
