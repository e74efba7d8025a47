import { resolve } from 'node:path';
import { z } from 'zod';
import { isIpOrCidr } from '@latchkey/auth-core';
import {
  busPublicKeysEnv,
  httpEnv,
  jwkEnv,
  keyPeppersEnv,
  macKeysEnv,
  natsEnv,
  refineKeyPeppers,
  streamSettingsRule,
} from '@latchkey/runtime';

const gatewayConfigFields = z.object({
  ...httpEnv(8080, 9090),
  ...natsEnv,
  /** Server peppers: the gateway hashes a presented secret under each, only on a cache miss. Sensitive. */
  ...keyPeppersEnv,
  /** Ed25519 private JWK (with kid) that signs X-Latchkey-Principal. Sensitive. */
  PRINCIPAL_SIGNING_KEY: jwkEnv()
    .refine((jwk) => typeof jwk.d === 'string', 'must be a private key (with d)')
    .describe('Ed25519 private JWK that signs `X-Latchkey-Principal`'),
  /** Identity's Ed25519 public JWKs (JSON array, with kid): only replies and announcements they verify are used. */
  BUS_PUBLIC_KEYS: busPublicKeysEnv(),
  /** MAC keys shared by the gateway replicas only (JSON array of {kid, k}); the first MACs. Sensitive. */
  RATE_LIMIT_SYNC_KEYS: macKeysEnv(),
  IDENTITY_URL: z.url().default('http://127.0.0.1:8081').describe("identity's address (upstream)"),
  DATA_API_URL: z.url().default('http://127.0.0.1:8082').describe("the data API's address (upstream)"),
  AUDIT_URL: z.url().default('http://127.0.0.1:8083').describe("audit's address (upstream)"),
  /** A cached key snapshot is fresh this long; then it is served stale while refreshed. */
  KEY_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(5_000)
    .describe('key snapshot freshness'),
  /** Bounded staleness: after this, a snapshot that could not be refreshed is not used. */
  KEY_CACHE_MAX_STALE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(10_000)
    .describe('bounded staleness when identity/NATS is unreachable'),
  NEGATIVE_CACHE_SIZE: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(100_000)
    .describe('unknown secrets remembered'),
  /** Known keys (and access tokens' keys) held in memory; beyond it the least recently fetched go. */
  POSITIVE_CACHE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(100_000)
    .describe('known keys held (least recently fetched go first)'),
  KEY_LOOKUP_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(30_000)
    .default(2_000)
    .describe('NATS lookup timeout'),
  USAGE_FLUSH_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(600_000)
    .default(10_000)
    .describe('`key.used` batching interval and `auth.denied` window'),
  /**
   * Refusals are aggregated per window (USAGE_FLUSH_MS): distinct records one organisation may have
   * per window (beyond it they are counted per reason on an overflow record), the same for refusals
   * tied to no organisation, and the organisations tracked per window (beyond it: counted under
   * the system tenant, SYSTEM_ORG_ID). Memory stays bounded by their product.
   */
  DENIAL_TUPLES_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .describe('`auth.denied` records per window per organisation (ADR 0008)'),
  DENIAL_TUPLES_ANONYMOUS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .describe('`auth.denied` records per window tied to no organisation'),
  DENIAL_ORGS_PER_WINDOW: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .describe('organisations tracked per window; beyond, under the system tenant'),
  /**
   * A canary key's first use is published at once; its later uses within this window are counted
   * into one `key.canary_tripped` at the window's end (ADR 0024).
   */
  CANARY_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe('`key.canary_tripped`: later trips of a key within this are counted into one event'),
  UPSTREAM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(10_000)
    .describe('504 after this'),
  /** How often replicas share their rate-limit counts. */
  RATE_LIMIT_SYNC_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(10_000)
    .default(100)
    .describe('how often gateway replicas share their rate-limit counts'),
  /**
   * Failed authentications allowed per client IP per AUTH_FAILURE_WINDOW_SECONDS; beyond it a bad
   * credential gets 429 instead of 401 (a valid one is never refused by this budget).
   */
  AUTH_FAILURE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(60)
    .describe('failed authentications per client IP per window; beyond, a bad credential gets 429'),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe('window of `AUTH_FAILURE_LIMIT`'),
  /**
   * Requests per user token's user per USER_RATE_LIMIT_WINDOW_SECONDS, on /v1, /audit and /admin,
   * shared across replicas like key limits. The console makes a few requests per page.
   */
  USER_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(600)
    .describe('requests per user (user tokens) on `/v1`, `/audit`, `/admin` per window'),
  USER_RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe('window of `USER_RATE_LIMIT`'),
  /** A client must send a request's headers within this (ms), else 408 and the connection closes. */
  HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(10_000)
    .describe('time to send the headers; after it 408 and closed'),
  /** …and the whole request, headers and body (at most 1 MiB), within this. */
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(30_000)
    .describe('time to send the whole request; after it 408 and closed'),
  /** An idle keep-alive connection closes after this (above common load balancers' 60 s idle timeout). */
  KEEP_ALIVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(72_000)
    .describe('an idle kept-alive connection closes after this'),
  /**
   * Open connections per client address; one more is closed as it is accepted. Trusted proxies are
   * not counted (they carry many clients).
   */
  MAX_CONNECTIONS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(256)
    .describe('open connections per client IP (trusted proxies not counted); more: closed'),
  /** Built admin console (served under /console when present). */
  CONSOLE_DIR: z
    .string()
    .default(resolve(__dirname, '../../../console/dist'))
    .describe('the built console, served under `/console` (404 if absent)'),
  /** Comma-separated proxy addresses or CIDR blocks whose X-Forwarded-For is believed. Empty: none. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isIpOrCidr), 'each entry must be an IP address or CIDR block')
    .describe('proxies (addresses or CIDR blocks, comma-separated) whose `X-Forwarded-For` is believed'),
});

export const gatewayConfigSchema = gatewayConfigFields
  .superRefine(streamSettingsRule)
  .superRefine(refineKeyPeppers)
  .refine((config) => config.HEADERS_TIMEOUT_MS <= config.REQUEST_TIMEOUT_MS, {
    message: 'must not exceed REQUEST_TIMEOUT_MS (the headers are part of the request)',
    path: ['HEADERS_TIMEOUT_MS'],
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
