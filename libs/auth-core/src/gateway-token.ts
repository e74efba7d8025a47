import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { SignedArtefactPurpose } from '@latchkey/contracts';

/**
 * Tokens the gateway signs for the services behind it with PRINCIPAL_SIGNING_KEY (Ed25519): the
 * principal (X-Latchkey-Principal) and the forwarding assertion (X-Latchkey-Forwarded). One key signs
 * both, so every token names what it is in its protected header (`typ`) and every verifier accepts
 * only its own kind: a principal never passes as a forwarding assertion, nor the reverse
 * (RFC 8725 §3.11). See docs/adr/0002-principal-signing.md and
 * docs/adr/0012-forwarding-assertion-and-token-purposes.md.
 */
export const GATEWAY_TOKEN_ALG = 'EdDSA';
export const GATEWAY_ISSUER = 'latchkey-gateway';

/** The two purposes, as declared with every other signed artefact's (`@latchkey/contracts`). */
export const GatewayTokenPurpose = {
  Principal: SignedArtefactPurpose.Principal,
  Forwarded: SignedArtefactPurpose.Forwarded,
} as const;
export type GatewayTokenPurpose = (typeof GatewayTokenPurpose)[keyof typeof GatewayTokenPurpose];

export type SigningKey = CryptoKey | KeyObject;
/** The gateway's public key, as node:crypto holds it (importVerifyKey). */
export type VerifyKey = KeyObject;
/**
 * The gateway's public keys by `kid` (importVerifyKeys): backends accept a token signed by any of
 * them, so the gateway's key can roll with traffic flowing (backends first learn the new key, then
 * gateways sign with it, then the old one goes). See docs/adr/0017-rotation-of-every-secret.md.
 */
export type VerifyKeys = ReadonlyMap<string, KeyObject>;

/** The `kid` the gateway signs with when its PRINCIPAL_SIGNING_KEY names none. */
export const DEFAULT_GATEWAY_KID = 'gateway';

export async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  return (await importJWK(jwk, GATEWAY_TOKEN_ALG)) as SigningKey;
}

/** The gateway's public key (an Ed25519 JWK), synchronously. */
export function importVerifyKey(jwk: JWK): KeyObject {
  const { d: _private, ...publicJwk } = jwk;
  const key = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

/**
 * The gateway's public keys (Ed25519 JWKs) by `kid`; a key without one stands for the gateway's
 * default kid, as a gateway whose key has no kid signs with it. Two keys under one kid are refused:
 * which one verifies would depend on their order.
 */
export function importVerifyKeys(jwks: readonly JWK[]): VerifyKeys {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks) {
    const kid = jwk.kid ?? DEFAULT_GATEWAY_KID;
    if (keys.has(kid)) throw new Error(`two keys with kid ${kid}`);
    keys.set(kid, importVerifyKey(jwk));
  }
  if (keys.size === 0) throw new Error('no key');
  return keys;
}

export interface GatewayTokenOptions {
  purpose: GatewayTokenPurpose;
  audience: string;
  subject?: string;
  lifetimeSeconds: number;
}

export async function signGatewayToken(
  claims: Record<string, unknown>,
  options: GatewayTokenOptions,
  key: SigningKey,
  kid: string,
  nowSeconds: number,
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: GATEWAY_TOKEN_ALG, typ: options.purpose, kid })
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(options.audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + options.lifetimeSeconds);
  return (options.subject === undefined ? jwt : jwt.setSubject(options.subject)).sign(key);
}

export type GatewayTokenVerification =
  | { ok: true; claims: Record<string, unknown>; expiresAt: number }
  | { ok: false; reason: 'missing' | 'invalid' };

/** Far above any token the gateway signs; refused before any decoding. */
const MAX_TOKEN_LENGTH = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const ED25519_SIGNATURE_BYTES = 64;
const INVALID = { ok: false, reason: 'invalid' } as const;

/**
 * Verifies a gateway token of one purpose for one audience: compact JWS, alg EdDSA exactly, `typ`
 * exactly `purpose`, no `crit`, a signature by `publicKey` (or, given a key set, by the key its `kid`
 * names: a token whose kid is not in the set is refused before any signature check), issuer, audience, not expired, not before
 * its `nbf`. Synchronous (node:crypto): identity names each request — with the id the gateway
 * asserted — before Fastify routes it, and that step cannot wait; jose's verification is async only.
 */
export function verifyGatewayToken(
  token: string | undefined,
  purpose: GatewayTokenPurpose,
  audience: string,
  publicKey: VerifyKey | VerifyKeys,
  nowSeconds: number,
): GatewayTokenVerification {
  if (!token) return { ok: false, reason: 'missing' };
  if (token.length > MAX_TOKEN_LENGTH) return INVALID;
  const parts = token.split('.');
  if (parts.length !== 3) return INVALID;
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  if (!SEGMENT.test(encodedHeader) || !SEGMENT.test(encodedClaims) || !SEGMENT.test(encodedSignature))
    return INVALID;
  const header = decodeObject(encodedHeader);
  if (!header || header['alg'] !== GATEWAY_TOKEN_ALG || header['typ'] !== purpose || 'crit' in header)
    return INVALID;
  const key = publicKey instanceof Map ? keyFor(publicKey, header['kid']) : (publicKey as VerifyKey);
  if (!key) return INVALID;
  const signature = Buffer.from(encodedSignature, 'base64url');
  // One encoding per signature: no variant of a token verifies as the same token.
  if (signature.length !== ED25519_SIGNATURE_BYTES || signature.toString('base64url') !== encodedSignature)
    return INVALID;
  let signed: boolean;
  try {
    signed = verifySignature(null, Buffer.from(`${encodedHeader}.${encodedClaims}`), key, signature);
  } catch {
    return INVALID;
  }
  if (!signed) return INVALID;
  const claims = decodeObject(encodedClaims);
  if (!claims || claims['iss'] !== GATEWAY_ISSUER) return INVALID;
  const aud = claims['aud'];
  if (aud !== audience && !(Array.isArray(aud) && aud.includes(audience))) return INVALID;
  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) return INVALID;
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return INVALID;
  return { ok: true, claims, expiresAt: exp * 1000 };
}

function keyFor(keys: VerifyKeys, kid: unknown): KeyObject | undefined {
  return typeof kid === 'string' ? keys.get(kid) : undefined;
}

function decodeObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
