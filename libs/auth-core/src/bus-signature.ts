import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign as ed25519Sign,
  timingSafeEqual,
  verify as ed25519Verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { BUS_MESSAGE_ALGORITHMS, type BusMessagePurpose, type SignedBusMessage } from '@latchkey/contracts';

/**
 * Signatures and MACs of the messages that decide access on NATS (ADR 0015). What is signed is
 * `latchkey-bus/1` LF purpose LF body: the purpose label is inside, so one kind never verifies as
 * another; and the prefix holds characters no JWS signing input has ('/' and LF are outside
 * base64url), so a bus signature by the gateway's principal key is never a valid token either.
 */
const DOMAIN = 'latchkey-bus/1\n';
/** Far above any message Latchkey sends; refused before any parsing. */
const MAX_BODY_LENGTH = 256 * 1024;
const KID = /^[A-Za-z0-9._:-]{1,128}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

export type BusAlgorithm = 'Ed25519' | 'HS256';

/** The keys one party holds for one algorithm: maybe one that signs (the first), every one that verifies. */
export interface BusKeyRing {
  alg: BusAlgorithm;
  signer?: { kid: string; key: KeyObject | Buffer };
  verifiers: ReadonlyMap<string, KeyObject | Buffer>;
}

export type BusRefusalReason =
  /** No signature where one is required (or not in the signed form at all). */
  | 'unsigned'
  /** Signed by a key this receiver does not know. */
  | 'unknown_key'
  /** The signature does not verify: forged, tampered, or signed as another kind. */
  | 'forged'
  /** A valid signature over something unreadable. */
  | 'malformed'
  /** Signed for another question (nonce or request differ). */
  | 'wrong_request'
  /** Issued outside the acceptance window. */
  | 'stale'
  /** Seen before (its sequence is not newer than the sender's last). */
  | 'replayed';

export type BusVerification<T> = { ok: true; value: T } | { ok: false; reason: BusRefusalReason };

interface Ed25519Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  d?: string;
  kid?: string;
}

/** Identity's ring: private JWKs, the first signs; every one's public half verifies. */
export function ed25519SigningRing(privateJwks: readonly Ed25519Jwk[], defaultKid = 'bus'): BusKeyRing {
  const first = privateJwks[0];
  if (!first || typeof first.d !== 'string') throw new Error('a signing ring needs a private key first');
  const verifiers = new Map<string, KeyObject>();
  for (const jwk of privateJwks) verifiers.set(jwk.kid ?? defaultKid, publicKeyOf(jwk));
  const key = createPrivateKey({ key: jwk(first), format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return { alg: 'Ed25519', signer: { kid: first.kid ?? defaultKid, key }, verifiers };
}

/** A receiver's ring: public JWKs (a private one is reduced to its public half). */
export function ed25519VerifyRing(publicJwks: readonly Ed25519Jwk[], defaultKid = 'bus'): BusKeyRing {
  const verifiers = new Map<string, KeyObject>();
  for (const jwk of publicJwks) verifiers.set(jwk.kid ?? defaultKid, publicKeyOf(jwk));
  return { alg: 'Ed25519', verifiers };
}

/** Shared MAC keys (`{kid, k}` with k base64url, at least 32 bytes): the first MACs, any verifies. */
export function hmacRing(keys: readonly { kid: string; k: string }[]): BusKeyRing {
  const first = keys[0];
  if (!first) throw new Error('a MAC ring needs a key');
  const verifiers = new Map<string, Buffer>();
  for (const { kid, k } of keys) {
    const bytes = Buffer.from(k, 'base64url');
    if (bytes.length < 32) throw new Error(`MAC key ${kid} is shorter than 32 bytes`);
    verifiers.set(kid, bytes);
  }
  return { alg: 'HS256', signer: { kid: first.kid, key: verifiers.get(first.kid) as Buffer }, verifiers };
}

function jwk(value: Ed25519Jwk): JsonWebKey {
  const { kid: _kid, ...rest } = value;
  return rest as JsonWebKey;
}

function publicKeyOf(value: Ed25519Jwk): KeyObject {
  const { d: _private, ...publicJwk } = value;
  const key = createPublicKey({ key: jwk(publicJwk), format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

/** The bytes a bus message's signature covers (exported for cross-kind tests). */
export function busSigningInput(purpose: BusMessagePurpose, body: string): Buffer {
  return Buffer.from(`${DOMAIN}${purpose}\n${body}`, 'utf8');
}
const signingInput = busSigningInput;

function mac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Signs `fields` (as JSON) as a message of `purpose`, with the ring's signing key. */
export function signBusMessage(
  purpose: BusMessagePurpose,
  fields: Record<string, unknown>,
  ring: BusKeyRing,
): SignedBusMessage {
  const { signer } = ring;
  if (!signer) throw new Error('this key ring cannot sign');
  if (BUS_MESSAGE_ALGORITHMS[purpose] !== ring.alg)
    throw new Error(`${purpose} is not signed with ${ring.alg}`);
  const body = JSON.stringify(fields);
  const data = signingInput(purpose, body);
  const sig =
    ring.alg === 'HS256' ? mac(signer.key as Buffer, data) : ed25519Sign(null, data, signer.key as KeyObject);
  return { kid: signer.kid, body, sig: sig.toString('base64url') };
}

/**
 * Checks a message claimed to be of `purpose`: its form, the algorithm the purpose is signed with,
 * a known kid, the signature over purpose + body; then parses the body. Nothing of the body is read
 * before the signature holds.
 */
export function verifyBusMessage(
  purpose: BusMessagePurpose,
  message: unknown,
  ring: BusKeyRing,
): BusVerification<Record<string, unknown>> {
  if (typeof message !== 'object' || message === null) return { ok: false, reason: 'unsigned' };
  const { kid, body, sig } = message as Partial<Record<keyof SignedBusMessage, unknown>>;
  if (typeof kid !== 'string' || typeof body !== 'string' || typeof sig !== 'string')
    return { ok: false, reason: 'unsigned' };
  if (!KID.test(kid) || body.length > MAX_BODY_LENGTH || !B64URL.test(sig))
    return { ok: false, reason: 'malformed' };
  // A ring of the wrong algorithm never verifies: an HMAC key is not taken for an Ed25519 one.
  if (BUS_MESSAGE_ALGORITHMS[purpose] !== ring.alg) return { ok: false, reason: 'forged' };
  const key = ring.verifiers.get(kid);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const data = signingInput(purpose, body);
  const signature = Buffer.from(sig, 'base64url');
  let valid: boolean;
  if (ring.alg === 'HS256') {
    const expected = mac(key as Buffer, data);
    valid = signature.length === expected.length && timingSafeEqual(signature, expected);
  } else {
    valid = signature.length === 64 && ed25519Verify(null, data, key as KeyObject, signature);
  }
  if (!valid) return { ok: false, reason: 'forged' };
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, reason: 'malformed' };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

/** A fresh requester nonce (16 random bytes, base64url). */
export function newBusNonce(): string {
  return randomBytes(16).toString('base64url');
}
