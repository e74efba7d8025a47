// What authenticating the access-deciding NATS messages costs (ADR 0015), per message kind: the
// sender's signature or MAC and the receiver's check, against the work the same message costs
// without it (its JSON out and in) and, for a lookup, against the NATS round trip it rides on.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { load1, median, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { BusMessagePurpose } = require('@latchkey/contracts');
const {
  attestLookupReply,
  verifyLookupReply,
  signAnnouncement,
  verifyAnnouncement,
  ReplayGuard,
  BusSequence,
  ed25519SigningRing,
  ed25519VerifyRing,
  hmacRing,
  newBusNonce,
} = require('@latchkey/auth-core');
const { DEFAULT_NATS_URL } = require('@latchkey/testing');
const { connect } = require('@nats-io/transport-node');

const jwk = (kid) => {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...privateKey.export({ format: 'jwk' }), kid };
};
const identityKey = jwk('identity-bus');
const signing = ed25519SigningRing([identityKey]);
const verifying = ed25519VerifyRing([identityKey]);
const mac = hmacRing([{ kid: 'sync', k: randomBytes(32).toString('base64url') }]);

const snapshot = {
  found: true,
  key: {
    key_id: 'key_01JBENCH000000000000000000',
    org_id: 'org_01JBENCH000000000000000000',
    public_id: 'lk_pub_000000000000000000000000',
    status: 'active',
    environment: 'live',
    scopes: ['projects:read', 'leads:read', 'invoices:write'],
    allowed_paths: ['/v1/projects/**'],
    allowed_ips: [],
    rate_limit: { limit: 120, window_seconds: 60 },
    expires_at: null,
    secret_valid_until: null,
  },
};
const counts = {
  counts: Array.from({ length: 8 }, (_, i) => [
    `key_01JBENCH00000000000000000${i}`,
    60,
    1_790_000_000_000,
    3,
  ]),
};

/** Microseconds per call of `fn`, the median of 5 runs of `n` calls. */
function usPer(n, fn) {
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    runs.push(((performance.now() - started) * 1000) / n);
  }
  return Number(median(runs).toFixed(2));
}

const asked = { secret_hash: 'a'.repeat(64), nonce: newBusNonce() };
const lookupWire = JSON.stringify(
  attestLookupReply(BusMessagePurpose.KeyLookupReply, asked, snapshot, signing),
);
const plainLookup = JSON.stringify(snapshot);

const lookup = {
  sign_us: usPer(5_000, () =>
    JSON.stringify(attestLookupReply(BusMessagePurpose.KeyLookupReply, asked, snapshot, signing)),
  ),
  verify_us: usPer(5_000, () => {
    const v = verifyLookupReply(BusMessagePurpose.KeyLookupReply, JSON.parse(lookupWire), asked, verifying);
    if (!v.ok) throw new Error(v.reason);
  }),
  plain_json_us: usPer(20_000, () => JSON.parse(JSON.stringify(JSON.parse(plainLookup)))),
  bytes_signed: lookupWire.length,
  bytes_plain: plainLookup.length,
};

/** An announcement kind: seal + open, as sender and receiver do. */
function announcement(purpose, ring, verifyRing, message) {
  const sequence = new BusSequence();
  const sign = () => JSON.stringify(signAnnouncement(purpose, 'sender-1', sequence.next(), message, ring));
  const guard = new ReplayGuard();
  const wires = Array.from({ length: 30_000 }, sign);
  let next = 0;
  return {
    sign_us: usPer(5_000, sign),
    verify_us: usPer(5_000, () => {
      const v = verifyAnnouncement(purpose, JSON.parse(wires[next++ % wires.length]), verifyRing, guard);
      // Replays of the pre-made wires after the first pass are refused, at the same cost.
      if (!v.ok && v.reason !== 'replayed') throw new Error(v.reason);
    }),
    plain_json_us: usPer(20_000, () => JSON.parse(JSON.stringify(message))),
    bytes_signed: wires[0].length,
    bytes_plain: JSON.stringify(message).length,
  };
}

const invalidation = announcement(BusMessagePurpose.KeyInvalidation, signing, verifying, {
  key_id: snapshot.key.key_id,
  revoked: true,
  nonce: newBusNonce(),
});
const heartbeat = announcement(BusMessagePurpose.GatewayHeartbeat, signing, verifying, {});
const rateLimitSync = announcement(BusMessagePurpose.RateLimitSync, mac, mac, counts);
// The alternative ADR 0015 rejects for sync: the same message under Ed25519 (signed as a heartbeat,
// the only way this API lets Ed25519 sign that shape).
const syncIfEd25519 = announcement(BusMessagePurpose.GatewayHeartbeat, signing, verifying, counts);

/** The NATS request/reply round trip a lookup rides on (a responder that answers at once). */
async function roundTrip() {
  let nc;
  try {
    nc = await connect({ servers: DEFAULT_NATS_URL, timeout: 2000 });
  } catch {
    return null;
  }
  const subject = `bench_rpc.${randomBytes(4).toString('hex')}`;
  nc.subscribe(subject, { callback: (_e, msg) => msg.respond(plainLookup) });
  await nc.flush();
  const samples = [];
  for (let i = 0; i < 2_000; i++) {
    const started = performance.now();
    await nc.request(subject, JSON.stringify(asked), { timeout: 2000 });
    samples.push((performance.now() - started) * 1000);
  }
  await nc.close();
  return Number(median(samples).toFixed(1));
}
const natsRoundTripUs = await roundTrip();

const perKind = {
  key_lookup_reply: { ...lookup, algorithm: 'Ed25519', nats_round_trip_us: natsRoundTripUs },
  key_invalidation: { ...invalidation, algorithm: 'Ed25519' },
  gateway_heartbeat: { ...heartbeat, algorithm: 'Ed25519' },
  rate_limit_sync: { ...rateLimitSync, algorithm: 'HMAC-SHA-256' },
  rate_limit_sync_if_ed25519: { ...syncIfEd25519, algorithm: 'Ed25519 (not used)' },
};
save('bus-messages', {
  per_kind: perKind,
  summary: {
    load1: load1(),
    lookup_sign_plus_verify_us: Number((lookup.sign_us + lookup.verify_us).toFixed(1)),
    lookup_nats_round_trip_us: natsRoundTripUs,
    sync_mac_plus_check_us: Number((rateLimitSync.sign_us + rateLimitSync.verify_us).toFixed(2)),
    sync_if_ed25519_us: Number((syncIfEd25519.sign_us + syncIfEd25519.verify_us).toFixed(1)),
    invalidation_sign_plus_verify_us: Number((invalidation.sign_us + invalidation.verify_us).toFixed(1)),
  },
});
process.exit(0);
