import createClient, { type Client } from 'openapi-fetch';
import {
  authorizerFor,
  type Authorizer,
  type ExchangeableKey,
  type LatchkeyCredentials,
  type TokenAnswer,
  userToken,
} from './credentials';
import type { paths } from './generated/openapi';
import {
  type Page,
  type PageFetcher,
  type PageInit,
  type PageItem,
  type PaginatedPath,
  walkPages,
} from './pagination';
import { LatchkeyProblemError, unwrap } from './problem';
import {
  delayAfterAnswer,
  delayAfterNetworkError,
  retryPolicy,
  type RetryOptions,
  type RetryPolicy,
  sleep,
} from './retry';

export const SDK_VERSION = '0.1.0';

/** Any fetch that takes a Request: the platform's (browsers, Node ≥ 18, Deno, Bun, workers) by default. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface LatchkeyClientOptions {
  /** The gateway's address, e.g. `https://api.example.com` (in a page, `/` for the page's origin). */
  baseUrl: string;
  /** Omitted: anonymous (POST /auth/login, the JWKS, the docs). */
  credentials?: LatchkeyCredentials;
  fetch?: FetchLike;
  retry?: RetryOptions;
  /** Sent as `User-Agent` (browsers may not let it be set: there it is left to the browser). */
  userAgent?: string;
  /** Milliseconds since the epoch (tests move it to check token refresh). Default `Date.now`. */
  now?: () => number;
}

/**
 * The media types the client reads: JSON, and problem+json for refusals (so a call's `error` is typed
 * as the Problem the document declares, not as a map of media types).
 */
type JsonMedia = `${string}/${string}json`;

export interface LatchkeyClient extends Client<paths, JsonMedia> {
  /** Every item of a cursor-paginated list, page after page: `for await (const key of client.paginate('/admin/keys'))`. */
  paginate<P extends PaginatedPath>(
    path: P,
    ...init: OptionalInit<P>
  ): AsyncGenerator<PageItem<P>, void, undefined>;
  /** The pages of a list (`data`, `next_cursor`, the response), first to last. */
  pages<P extends PaginatedPath>(
    path: P,
    ...init: OptionalInit<P>
  ): AsyncGenerator<Page<PageItem<P>>, void, undefined>;
  /** POST /auth/token: an access token for a key (the `tokenExchange` credential does this for you). */
  exchangeToken(key: ExchangeableKey, signal?: AbortSignal): Promise<TokenAnswer>;
  /** A client of the same gateway and options with other credentials (a user's, then a key's). */
  withCredentials(credentials: LatchkeyCredentials | undefined): LatchkeyClient;
}

type OptionalInit<P extends PaginatedPath> =
  PageInit<P> extends { path: unknown } ? [PageInit<P>] : [PageInit<P>?];

/** Reads an answer's body away so its connection can be reused. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * The transport under openapi-fetch: the credential's headers on every attempt, one renewal after a
 * 401 (an exchanged token that ended early), and retries as `retry.ts` decides.
 */
function transport(
  send: FetchLike,
  authorizer: Authorizer,
  policy: RetryPolicy,
  now: () => number,
  userAgent: string | undefined,
): FetchLike {
  return async (request) => {
    const method = request.method.toUpperCase();
    const { signal } = request;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const sent = await authorizer.headers(signal);
      // A clone per attempt: the original's body stays unread for the next one.
      const outgoing = request.clone();
      for (const [name, value] of Object.entries(sent)) outgoing.headers.set(name, value);
      if (userAgent) outgoing.headers.set('user-agent', userAgent);
      let response: Response;
      try {
        response = await send(outgoing);
      } catch (error) {
        const wait =
          !signal.aborted && attempt < policy.maxAttempts
            ? delayAfterNetworkError(policy, method, attempt)
            : undefined;
        if (wait === undefined) throw error;
        await sleep(wait, signal);
        continue;
      }
      if (response.status === 401 && !renewed) {
        renewed = true;
        if (await authorizer.renew(sent, signal)) {
          await discard(response);
          attempt--; // the renewal is not a retry: the call still has all its attempts
          continue;
        }
      }
      const wait =
        attempt < policy.maxAttempts ? delayAfterAnswer(policy, method, response, attempt, now()) : undefined;
      if (wait === undefined) return response;
      await discard(response);
      await sleep(wait, signal);
    }
  };
}

/**
 * The gateway's address without a trailing slash. In a page, a relative one (`/`, as the console
 * served by the gateway would use) resolves against the page's own address.
 */
function resolveBaseUrl(baseUrl: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(baseUrl, page);
  } catch {
    throw new TypeError(`baseUrl: not an absolute URL: ${baseUrl}`);
  }
  return url.toString().replace(/\/+$/, '');
}

const defaultUserAgent = () =>
  // In a browser the browser's own User-Agent stands (and a preflight is not worth it).
  typeof (globalThis as { document?: unknown }).document === 'undefined'
    ? `latchkey-sdk/${SDK_VERSION}`
    : undefined;

/**
 * A typed client of the Latchkey API: openapi-fetch over the paths of the product's OpenAPI
 * document (`client.GET('/admin/keys/{id}', { params: { path: { id } } })`), with the credential on
 * every call, retries, and iterators over paginated lists.
 */
export function createLatchkeyClient(options: LatchkeyClientOptions): LatchkeyClient {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const send: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const policy = retryPolicy(options.retry);
  const now = options.now ?? Date.now;
  const userAgent = options.userAgent ?? defaultUserAgent();

  // The exchange itself is anonymous, retried like any call.
  const anonymous = transport(send, authorizerFor(undefined, never, now), policy, now, userAgent);
  const exchangeToken = async (key: ExchangeableKey, signal?: AbortSignal): Promise<TokenAnswer> => {
    const body = 'apiKey' in key ? { api_key: key.apiKey } : { public_id: key.publicId, secret: key.secret };
    const response = await anonymous(
      new Request(`${baseUrl}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      }),
    );
    if (!response.ok) throw await LatchkeyProblemError.fromResponse(response);
    return (await response.json()) as TokenAnswer;
  };

  const authorizer = authorizerFor(options.credentials, (key) => exchangeToken(key), now);
  const client = createClient<paths, JsonMedia>({
    baseUrl,
    fetch: transport(send, authorizer, policy, now, userAgent),
  });

  const fetchPage: PageFetcher = async (path, init) => {
    const result = await client.GET(
      path as never,
      {
        params: { query: init.query, ...(init.path ? { path: init.path } : {}) },
        ...(init.signal ? { signal: init.signal } : {}),
        ...(init.headers ? { headers: init.headers } : {}),
      } as never,
    );
    return {
      body: await unwrap(result as { data?: unknown; error?: unknown; response: Response }),
      response: result.response,
    };
  };

  const pages = <P extends PaginatedPath>(path: P, ...init: OptionalInit<P>) =>
    walkPages(fetchPage, path, init[0] as PageInit<PaginatedPath> | undefined) as AsyncGenerator<
      Page<PageItem<P>>,
      void,
      undefined
    >;

  async function* paginate<P extends PaginatedPath>(path: P, ...init: OptionalInit<P>) {
    for await (const page of pages(path, ...init)) yield* page.data;
  }

  return Object.assign(client, {
    pages,
    paginate,
    exchangeToken,
    withCredentials: (credentials: LatchkeyCredentials | undefined) =>
      createLatchkeyClient({ ...options, credentials }),
  }) as LatchkeyClient;
}

const never = async (): Promise<TokenAnswer> => {
  throw new Error('an anonymous call never exchanges a key');
};

/**
 * Signs a user in (POST /auth/login) and returns their user token as credentials for
 * `createLatchkeyClient`. The token lasts the organisation's user token lifetime (12 h by default).
 */
export async function login(
  options: Omit<LatchkeyClientOptions, 'credentials'>,
  email: string,
  password: string,
): Promise<LatchkeyCredentials & { type: 'user_token'; expiresIn: number }> {
  const client = createLatchkeyClient(options);
  const answer = (await unwrap(
    client.POST('/auth/login', { body: { email, password } }),
  )) as unknown as TokenAnswer;
  return {
    ...(userToken(answer.access_token) as LatchkeyCredentials & { type: 'user_token' }),
    expiresIn: answer.expires_in,
  };
}
