import { importJWK, jwtVerify, SignJWT, type JWK, type CryptoKey, type KeyObject } from 'jose';
import type { Audience, Principal } from '@latchkey/contracts';

/**
 * The gateway-signed principal (`X-Latchkey-Principal`): a compact JWS, EdDSA (Ed25519).
 * Asymmetric on purpose: backends hold only the public key, so a compromised backend
 * cannot mint principals for the others. See docs/adr/0002-principal-signing.md.
 */
export const PRINCIPAL_ALG = 'EdDSA';
export const PRINCIPAL_ISSUER = 'latchkey-gateway';
export const PRINCIPAL_LIFETIME_SECONDS = 30;

type SigningKey = CryptoKey | KeyObject;

export async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  return (await importJWK(jwk, PRINCIPAL_ALG)) as SigningKey;
}

export async function signPrincipal(
  principal: Principal,
  audience: Audience,
  key: SigningKey,
  kid: string,
  nowSeconds: number,
): Promise<string> {
  return new SignJWT({ ...principal })
    .setProtectedHeader({ alg: PRINCIPAL_ALG, kid })
    .setIssuer(PRINCIPAL_ISSUER)
    .setAudience(audience)
    .setSubject(principal.subject)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + PRINCIPAL_LIFETIME_SECONDS)
    .sign(key);
}

export type PrincipalVerification =
  { ok: true; principal: Principal; expiresAt: number } | { ok: false; reason: 'missing' | 'invalid' };

export async function verifyPrincipal(
  token: string | undefined,
  audience: Audience,
  publicKey: SigningKey,
): Promise<PrincipalVerification> {
  if (!token) return { ok: false, reason: 'missing' };
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: [PRINCIPAL_ALG],
      issuer: PRINCIPAL_ISSUER,
      audience,
    });
    const { org_id, subject, kind, key_id, scopes } = payload as Record<string, unknown>;
    if (typeof org_id !== 'string' || typeof subject !== 'string' || !Array.isArray(scopes)) {
      return { ok: false, reason: 'invalid' };
    }
    if (kind !== 'api_key' && kind !== 'user') return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      principal: {
        org_id,
        subject,
        kind,
        ...(typeof key_id === 'string' ? { key_id } : {}),
        scopes: scopes.filter((s): s is string => typeof s === 'string'),
      },
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
