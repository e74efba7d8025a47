/**
 * The credentials the gateway takes (see the README's "API overview"): an API key's secret as the
 * bearer; a key pair (public id as the bearer, secret in `X-Secret-Key`); an access token the
 * client exchanges a key for at POST /auth/token; a user token from POST /auth/login.
 */

/** The key an access token is exchanged for: its secret alone, or its public id with the secret. */
export type ExchangeableKey = { apiKey: string } | { publicId: string; secret: string };

export type LatchkeyCredentials =
  | { type: 'api_key'; secret: string }
  | { type: 'key_pair'; publicId: string; secret: string }
  | {
      type: 'token_exchange';
      key: ExchangeableKey;
      /** Refresh this long before the token's `expires_in` ends (default 30 s, at most half its life). */
      refreshMarginSeconds?: number;
    }
  | { type: 'user_token'; token: string | (() => string | Promise<string>) };

/** `Authorization: Bearer lk_live_…` on every call. */
export const apiKey = (secret: string): LatchkeyCredentials => ({ type: 'api_key', secret });

/** `Authorization: Bearer lk_pub_…` and `X-Secret-Key: lk_live_…` on every call. */
export const keyPair = (publicId: string, secret: string): LatchkeyCredentials => ({
  type: 'key_pair',
  publicId,
  secret,
});

/**
 * The key is sent once to POST /auth/token, then the short-lived access token on every call: the
 * secret crosses the network once per token, not once per call.
 */
export const tokenExchange = (
  key: ExchangeableKey,
  options: { refreshMarginSeconds?: number } = {},
): LatchkeyCredentials => ({ type: 'token_exchange', key, ...options });

/**
 * A user token (from POST /auth/login, see `login`), or a function that returns the current one: it
 * is asked on every call, and once more after a 401 (a call is repeated if it gives another token).
 */
export const userToken = (token: string | (() => string | Promise<string>)): LatchkeyCredentials => ({
  type: 'user_token',
  token,
});

/** What POST /auth/token and POST /auth/login answer. */
export interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
}

export interface Authorizer {
  /** The headers that carry the credential on the next call. */
  headers(signal?: AbortSignal | null): Promise<Record<string, string>>;
  /**
   * After a 401 to a call made with `sent`: true when a fresh credential was obtained and the call
   * is worth sending once more (an access token that ended early: its key was rotated, say).
   */
  renew(sent: Record<string, string>, signal?: AbortSignal | null): Promise<boolean>;
}

/** The promise, or the signal's reason as soon as it aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const noRenewal = async () => false;

/**
 * An access token exchanged for a key, cached until shortly before it ends. Concurrent calls share
 * one exchange in flight (single flight): a burst of calls costs one POST /auth/token.
 */
class ExchangedToken implements Authorizer {
  private token: { value: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly exchange: () => Promise<TokenAnswer>,
    private readonly marginSeconds: number,
    private readonly now: () => number,
  ) {}

  async headers(signal?: AbortSignal | null): Promise<Record<string, string>> {
    if (this.token && this.now() < this.token.refreshAt) return bearer(this.token.value);
    return bearer(await untilAborted(this.refresh(), signal));
  }

  async renew(sent: Record<string, string>, signal?: AbortSignal | null): Promise<boolean> {
    // Another call may already have replaced the token this one was refused with.
    if (this.token && sent['authorization'] === `Bearer ${this.token.value}`) this.token = undefined;
    await this.headers(signal);
    return true;
  }

  /** The shared exchange runs to its end whoever gave up waiting: others may still wait for it. */
  private refresh(): Promise<string> {
    this.inFlight ??= this.exchange()
      .then((answer) => {
        const life = Math.max(0, answer.expires_in);
        const margin = Math.min(this.marginSeconds, life / 2);
        this.token = { value: answer.access_token, refreshAt: this.now() + (life - margin) * 1000 };
        return answer.access_token;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

export function authorizerFor(
  credentials: LatchkeyCredentials | undefined,
  exchange: (key: ExchangeableKey) => Promise<TokenAnswer>,
  now: () => number,
): Authorizer {
  if (!credentials) return { headers: async () => ({}), renew: noRenewal };
  switch (credentials.type) {
    case 'api_key':
      return { headers: async () => bearer(credentials.secret), renew: noRenewal };
    case 'key_pair':
      return {
        headers: async () => ({ ...bearer(credentials.publicId), 'x-secret-key': credentials.secret }),
        renew: noRenewal,
      };
    case 'token_exchange':
      return new ExchangedToken(() => exchange(credentials.key), credentials.refreshMarginSeconds ?? 30, now);
    case 'user_token': {
      const { token } = credentials;
      if (typeof token === 'string') return { headers: async () => bearer(token), renew: noRenewal };
      return {
        headers: async () => bearer(await token()),
        // The provider may hold a newer token than the one refused (it signed in again): worth
        // one more try only if it does.
        renew: async (sent) => bearer(await token()).authorization !== sent['authorization'],
      };
    }
    default:
      throw new TypeError(`unknown credentials type: ${String((credentials as { type: unknown }).type)}`);
  }
}
