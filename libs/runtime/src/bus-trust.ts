import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { z } from 'zod';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Announcement, BusRefusalReason, BusVerification } from '@latchkey/auth-core';

/**
 * Key lists for the authenticated bus messages of ADR 0015, in the style of TOKEN_SIGNING_KEYS:
 * a JSON array, each key with its `kid`; the first signs, every one verifies (rotation: add the new
 * key to the receivers' lists, then put it first at the sender, then drop the old one).
 */
const ed25519Jwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1).optional(),
  kid: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'a kid of letters, digits, ".", "_", ":" or "-"'),
});
export type BusJwk = z.infer<typeof ed25519Jwk>;

function jsonList<T extends z.ZodType>(item: T, message: string) {
  return z.string().transform((text, ctx): z.infer<T>[] => {
    try {
      const parsed = z.array(item).min(1).safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // falls through to the issue below
    }
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}

/** Identity's BUS_SIGNING_KEYS: Ed25519 private JWKs with kid. Sensitive. */
export const busSigningKeysEnv = () =>
  jsonList(
    ed25519Jwk.refine((jwk) => jwk.d !== undefined, 'a private key (with d)'),
    'must be a JSON array of Ed25519 private JWKs, each with a kid',
  ).describe('Ed25519 private JWKs (kid) signing NATS replies, invalidations (ADR 0015)');

/** BUS_PUBLIC_KEYS of the gateway and the data API: identity's public JWKs with kid. */
export const busPublicKeysEnv = () =>
  jsonList(
    ed25519Jwk.refine((jwk) => jwk.d === undefined, 'a public key (without d)'),
    'must be a JSON array of Ed25519 public JWKs (without d), each with a kid',
  ).describe("identity's public JWKs: a reply or invalidation counts only if one verifies");

/** The gateway replicas' RATE_LIMIT_SYNC_KEYS: `[{"kid":…,"k":base64url of ≥ 32 bytes}]`. Sensitive. */
export const macKeysEnv = () =>
  jsonList(
    z.object({
      kid: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/),
      k: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .refine((k) => Buffer.from(k, 'base64url').length >= 32, 'at least 32 bytes'),
    }),
    'must be a JSON array of {"kid", "k"} with k base64url of at least 32 bytes',
  ).describe('`[{"kid","k"}]`, k ≥ 32 bytes: HMAC of the replicas\' rate-limit sync');

const refused = new Counter({
  name: 'latchkey_bus_messages_refused_total',
  help: 'Access-deciding NATS messages refused: unsigned, forged, for another request, stale or replayed',
  labelNames: ['kind', 'reason'],
});

/** Message kinds as the metric and the logs name them. */
export type BusMessageKind =
  | 'key_lookup_reply'
  | 'user_lookup_reply'
  | 'webhook_connection_lookup_reply'
  | 'key_invalidation'
  | 'user_invalidation'
  | 'invalidation_confirmation'
  | 'gateway_heartbeat'
  | 'rate_limit_sync';

const LOG_EVERY_MS = 10_000;

/**
 * Counts every refused message, and logs the first of each kind and reason per 10 s with how many
 * followed (a flood of forgeries must not flood the logs). Never logs the message: it may carry
 * hashes or ids an attacker chose.
 */
export class BusRefusals {
  private readonly logger = new Logger('bus-trust');
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  record(kind: BusMessageKind, reason: BusRefusalReason | 'error', now = Date.now()): void {
    refused.inc({ kind, reason });
    const id = `${kind}/${reason}`;
    const last = this.lastLogged.get(id);
    if (last && now - last.at < LOG_EVERY_MS) {
      last.suppressed += 1;
      return;
    }
    const more = last && last.suppressed > 0 ? ` (and ${last.suppressed} more since the last report)` : '';
    this.lastLogged.set(id, { at: now, suppressed: 0 });
    this.logger.warn(`refused a ${kind} message: ${reason}${more}`);
  }
}

/**
 * Subscribes to signed announcements on `subject`: only what `verify` accepts is applied; anything
 * else (not JSON, unsigned, forged, stale, replayed) is counted and dropped. `respond` answers the
 * message's reply subject, if it has one (a replica's confirmation).
 */
export function subscribeSignedAnnouncements(
  nc: NatsConnection,
  subject: string,
  kind: BusMessageKind,
  refusals: BusRefusals,
  verify: (wire: unknown) => BusVerification<Announcement>,
  apply: (announcement: Announcement, respond: (reply: unknown) => void) => void,
): Subscription {
  return nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error) return;
      let wire: unknown;
      try {
        wire = msg.json<unknown>();
      } catch {
        refusals.record(kind, 'malformed');
        return;
      }
      const verified = verify(wire);
      if (!verified.ok) {
        refusals.record(kind, verified.reason);
        return;
      }
      try {
        apply(verified.value, (reply) => {
          if (msg.reply) msg.respond(JSON.stringify(reply));
        });
      } catch {
        refusals.record(kind, 'malformed');
      }
    },
  });
}
