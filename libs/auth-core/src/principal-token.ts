import type { Audience, Principal } from '@latchkey/contracts';
import {
  GATEWAY_ISSUER,
  GATEWAY_TOKEN_ALG,
  GatewayTokenPurpose,
  signGatewayToken,
  verifyGatewayToken,
  type SigningKey,
  type VerifyKey,
  type VerifyKeys,
} from './gateway-token';

/**
 * The gateway-signed principal (`X-Latchkey-Principal`): a compact JWS, EdDSA (Ed25519), `typ`
 * latchkey-principal+jwt. Asymmetric on purpose: backends hold only the public key, so a
 * compromised backend cannot mint principals for the others. See docs/adr/0002-principal-signing.md.
 */
export const PRINCIPAL_ALG = GATEWAY_TOKEN_ALG;
export const PRINCIPAL_ISSUER = GATEWAY_ISSUER;
export const PRINCIPAL_LIFETIME_SECONDS = 30;

export async function signPrincipal(
  principal: Principal,
  audience: Audience,
  key: SigningKey,
  kid: string,
  nowSeconds: number,
): Promise<string> {
  return signGatewayToken(
    { ...principal },
    {
      purpose: GatewayTokenPurpose.Principal,
      audience,
      subject: principal.subject,
      lifetimeSeconds: PRINCIPAL_LIFETIME_SECONDS,
    },
    key,
    kid,
    nowSeconds,
  );
}

export type PrincipalVerification =
  { ok: true; principal: Principal; expiresAt: number } | { ok: false; reason: 'missing' | 'invalid' };

export function verifyPrincipal(
  token: string | undefined,
  audience: Audience,
  publicKey: VerifyKey | VerifyKeys,
  nowSeconds = Math.floor(Date.now() / 1000),
): PrincipalVerification {
  const verified = verifyGatewayToken(token, GatewayTokenPurpose.Principal, audience, publicKey, nowSeconds);
  if (!verified.ok) return verified;
  const { org_id, subject, kind, key_id, scopes } = verified.claims;
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
    expiresAt: verified.expiresAt,
  };
}
