import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { BusMessagePurpose, type SignedBusMessage } from '@latchkey/contracts';
import {
  attestLookupReply,
  BUS_MESSAGE_WINDOW_MS,
  BusSequence,
  ReplayGuard,
  signAnnouncement,
  signConfirmation,
  verifyAnnouncement,
  verifyConfirmation,
  verifyLookupReply,
  type LookupReplyPurpose,
} from './bus-messages';
import {
  ed25519SigningRing,
  ed25519VerifyRing,
  hmacRing,
  signBusMessage,
  verifyBusMessage,
} from './bus-signature';

function ed25519Pair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), kid },
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid },
  };
}

const identity = ed25519Pair('identity-bus-1');
const signing = ed25519SigningRing([identity.privateJwk]);
const verifying = ed25519VerifyRing([identity.publicJwk]);
const rogue = ed25519SigningRing([{ ...ed25519Pair('identity-bus-1').privateJwk }]);
const sync = hmacRing([{ kid: 'sync-1', k: randomBytes(32).toString('base64url') }]);
const NOW = 1_790_000_000_000;

const asked = { secret_hash: 'a'.repeat(64), nonce: 'n0nce-n0nce-n0nce-n0nce' };
const snapshot = { found: true, key: { key_id: 'key_1', scopes: ['leads:read'] } };

function attested(purpose: LookupReplyPurpose = BusMessagePurpose.KeyLookupReply, at = NOW) {
  return attestLookupReply(purpose, asked, snapshot, signing, at);
}

/** The same message with its signed body rewritten (the signature left as it was). */
function withBody(wire: { attestation?: SignedBusMessage }, edit: (body: Record<string, unknown>) => void) {
  const body = JSON.parse(wire.attestation!.body) as Record<string, unknown>;
  edit(body);
  return { ...wire, attestation: { ...wire.attestation!, body: JSON.stringify(body) } };
}

describe('lookup replies (identity → gateway, data API)', () => {
  it('a reply identity signed for this nonce and question verifies, and only its signed copy is used', () => {
    const wire = { ...attested(), found: true, key: { key_id: 'key_1', scopes: ['*'] } };
    const verified = verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, asked, verifying, NOW + 10);
    expect(verified).toEqual({ ok: true, value: snapshot });
  });

  it('a reply without a signature is refused as unsigned', () => {
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, snapshot, asked, verifying, NOW)).toEqual({
      ok: false,
      reason: 'unsigned',
    });
  });

  it.each([
    ['the nonce', (b: Record<string, unknown>) => (b['n'] = 'another-nonce-another')],
    [
      'the question',
      (b: Record<string, unknown>) => (b['q'] = JSON.stringify({ secret_hash: 'b'.repeat(64) })),
    ],
    ['the issue time', (b: Record<string, unknown>) => (b['iat'] = NOW + 1)],
    [
      'the reply',
      (b: Record<string, unknown>) => ((b['r'] as { key: { scopes: string[] } }).key.scopes = ['*']),
    ],
  ])('a reply whose signed %s was changed is refused as forged', (_field, edit) => {
    const verified = verifyLookupReply(
      BusMessagePurpose.KeyLookupReply,
      withBody(attested(), edit),
      asked,
      verifying,
      NOW,
    );
    expect(verified).toEqual({ ok: false, reason: 'forged' });
  });

  it('a tampered signature, kid or missing part is refused', () => {
    const wire = attested();
    const sig = Buffer.from(wire.attestation!.sig, 'base64url');
    sig[0] = sig[0]! ^ 1;
    const check = (attestation: unknown) =>
      verifyLookupReply(BusMessagePurpose.KeyLookupReply, { attestation }, asked, verifying, NOW);
    expect(check({ ...wire.attestation, sig: sig.toString('base64url') })).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(check({ ...wire.attestation, kid: 'another-kid' })).toEqual({ ok: false, reason: 'unknown_key' });
    expect(check({ kid: wire.attestation!.kid, body: wire.attestation!.body })).toEqual({
      ok: false,
      reason: 'unsigned',
    });
  });

  it('a reply signed by a key the receiver does not hold (same kid) is refused as forged', () => {
    const wire = attestLookupReply(BusMessagePurpose.KeyLookupReply, asked, snapshot, rogue, NOW);
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, asked, verifying, NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('a genuine reply replayed for another lookup (other nonce or other question) is refused', () => {
    const wire = attested();
    const otherNonce = { ...asked, nonce: 'another-nonce-for-lookup-2' };
    const otherQuestion = { secret_hash: 'b'.repeat(64), nonce: asked.nonce };
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, otherNonce, verifying, NOW)).toEqual({
      ok: false,
      reason: 'wrong_request',
    });
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, otherQuestion, verifying, NOW)).toEqual({
      ok: false,
      reason: 'wrong_request',
    });
  });

  it('a reply issued outside the window is refused as stale', () => {
    const wire = attested(BusMessagePurpose.KeyLookupReply, NOW - BUS_MESSAGE_WINDOW_MS - 1);
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, asked, verifying, NOW)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('a user lookup reply is not a key lookup reply (wrong purpose)', () => {
    const wire = attested(BusMessagePurpose.UserLookupReply);
    expect(verifyLookupReply(BusMessagePurpose.KeyLookupReply, wire, asked, verifying, NOW)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });
});

describe('announcements (invalidations, heartbeats, rate-limit sync)', () => {
  const revoke = { key_id: 'key_1', revoked: true, nonce: 'confirm-nonce-123456' };

  it('a signed invalidation verifies once; the same message again is refused as replayed', () => {
    const guard = new ReplayGuard();
    const seq = new BusSequence().next(NOW);
    const wire = signAnnouncement(BusMessagePurpose.KeyInvalidation, 'identity-a', seq, revoke, signing);
    expect(verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, verifying, guard, NOW)).toEqual({
      ok: true,
      value: { sender: 'identity-a', seq, message: revoke },
    });
    expect(verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, verifying, guard, NOW)).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('an older message of a sender after a newer one is refused (a user change cannot be undone by replay)', () => {
    const guard = new ReplayGuard();
    const sequence = new BusSequence();
    const older = signAnnouncement(
      BusMessagePurpose.UserInvalidation,
      'identity-a',
      sequence.next(NOW),
      { role: 'admin' },
      signing,
    );
    const newer = signAnnouncement(
      BusMessagePurpose.UserInvalidation,
      'identity-a',
      sequence.next(NOW),
      { role: 'viewer' },
      signing,
    );
    expect(verifyAnnouncement(BusMessagePurpose.UserInvalidation, newer, verifying, guard, NOW).ok).toBe(
      true,
    );
    expect(verifyAnnouncement(BusMessagePurpose.UserInvalidation, older, verifying, guard, NOW)).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('an announcement outside the window is refused as stale, even from a sender never heard of', () => {
    const wire = signAnnouncement(
      BusMessagePurpose.KeyInvalidation,
      'identity-b',
      (NOW - BUS_MESSAGE_WINDOW_MS - 1) * 1000,
      revoke,
      signing,
    );
    expect(
      verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, verifying, new ReplayGuard(), NOW),
    ).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it.each([
    ['the sender', (b: Record<string, unknown>) => (b['s'] = 'identity-z')],
    ['the sequence', (b: Record<string, unknown>) => (b['seq'] = (b['seq'] as number) + 1)],
    ['the message', (b: Record<string, unknown>) => (b['m'] = { key_id: 'key_2', revoked: true })],
  ])('an invalidation whose signed %s was changed is refused as forged', (_field, edit) => {
    const wire = signAnnouncement(
      BusMessagePurpose.KeyInvalidation,
      'identity-a',
      NOW * 1000,
      revoke,
      signing,
    );
    expect(
      verifyAnnouncement(
        BusMessagePurpose.KeyInvalidation,
        withBody(wire, edit),
        verifying,
        new ReplayGuard(),
        NOW,
      ),
    ).toEqual({ ok: false, reason: 'forged' });
  });

  it('rate-limit sync under the replicas’ MAC key verifies; under another MAC key or as Ed25519 it is refused', () => {
    const counts = { counts: [['key_1', 60, NOW - 1000, 5]] };
    const wire = signAnnouncement(BusMessagePurpose.RateLimitSync, 'gw-1', NOW * 1000, counts, sync);
    expect(verifyAnnouncement(BusMessagePurpose.RateLimitSync, wire, sync, new ReplayGuard(), NOW).ok).toBe(
      true,
    );
    const otherKey = hmacRing([{ kid: 'sync-1', k: randomBytes(32).toString('base64url') }]);
    expect(
      verifyAnnouncement(BusMessagePurpose.RateLimitSync, wire, otherKey, new ReplayGuard(), NOW),
    ).toEqual({
      ok: false,
      reason: 'forged',
    });
    // An Ed25519 key never verifies a kind that is MACed, nor a MAC key a kind that is signed.
    expect(
      verifyAnnouncement(BusMessagePurpose.RateLimitSync, wire, verifying, new ReplayGuard(), NOW),
    ).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(() => signAnnouncement(BusMessagePurpose.KeyInvalidation, 'gw-1', NOW * 1000, {}, sync)).toThrow();
  });

  it('a confirmation counts only for the announcement whose nonce it names', () => {
    const gateway = ed25519Pair('gateway-1');
    const gatewaySigning = ed25519SigningRing([gateway.privateJwk]);
    const gatewayPublic = ed25519VerifyRing([gateway.publicJwk]);
    const wire = signConfirmation('gw-1', 'nonce-of-announcement-1', gatewaySigning, NOW);
    expect(verifyConfirmation(wire, 'nonce-of-announcement-1', gatewayPublic, NOW)).toEqual({
      ok: true,
      value: 'gw-1',
    });
    expect(verifyConfirmation(wire, 'nonce-of-announcement-2', gatewayPublic, NOW)).toEqual({
      ok: false,
      reason: 'wrong_request',
    });
    expect(verifyConfirmation(wire, 'nonce-of-announcement-1', verifying, NOW)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('a sender’s sequence keeps increasing when its clock does not', () => {
    const sequence = new BusSequence();
    const a = sequence.next(NOW);
    const b = sequence.next(NOW);
    const c = sequence.next(NOW - 5);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
  });
});

describe('purposes are separated', () => {
  const ed25519Kinds = (Object.values(BusMessagePurpose) as BusMessagePurpose[]).filter(
    (p) => p !== BusMessagePurpose.RateLimitSync,
  );

  it.each(
    ed25519Kinds.flatMap((signedAs) =>
      ed25519Kinds.filter((p) => p !== signedAs).map((as) => [signedAs, as]),
    ),
  )('a message signed as %s is refused as %s', (signedAs, as) => {
    const message = signBusMessage(signedAs as BusMessagePurpose, { any: 'thing' }, signing);
    expect(verifyBusMessage(signedAs as BusMessagePurpose, message, verifying).ok).toBe(true);
    expect(verifyBusMessage(as as BusMessagePurpose, message, verifying)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });
});
