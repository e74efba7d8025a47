import { isIP } from 'node:net';
import { REQUEST_ID_PATTERN } from '@latchkey/contracts';
import {
  GatewayTokenPurpose,
  signGatewayToken,
  verifyGatewayToken,
  type SigningKey,
  type VerifyKey,
  type VerifyKeys,
} from './gateway-token';

/**
 * The gateway's forwarding assertion (`X-Latchkey-Forwarded`), on every request it passes to
 * identity: the client address it decided on (from the socket, or X-Forwarded-For behind a trusted
 * proxy) and the request ids. Identity believes a client address or a request id only from a valid
 * one; anyone else who reaches identity is known by its socket address.
 */
export interface ForwardingAssertion {
  client_ip: string;
  /** The gateway's request id. */
  request_id: string;
  /** The client's own X-Request-Id, when it was well-formed. */
  client_request_id?: string;
}

export const FORWARDING_AUDIENCE = 'identity';
/** Verified the moment it arrives: a few seconds cover the trip and clock skew, little more. */
export const FORWARDING_LIFETIME_SECONDS = 10;

export function signForwardingAssertion(
  assertion: ForwardingAssertion,
  key: SigningKey,
  kid: string,
  nowSeconds: number,
): Promise<string> {
  return signGatewayToken(
    { ...assertion },
    {
      purpose: GatewayTokenPurpose.Forwarded,
      audience: FORWARDING_AUDIENCE,
      lifetimeSeconds: FORWARDING_LIFETIME_SECONDS,
    },
    key,
    kid,
    nowSeconds,
  );
}

export type ForwardingVerification =
  { ok: true; assertion: ForwardingAssertion } | { ok: false; reason: 'missing' | 'invalid' };

export function verifyForwardingAssertion(
  token: string | undefined,
  publicKey: VerifyKey | VerifyKeys,
  nowSeconds: number,
): ForwardingVerification {
  const verified = verifyGatewayToken(
    token,
    GatewayTokenPurpose.Forwarded,
    FORWARDING_AUDIENCE,
    publicKey,
    nowSeconds,
  );
  if (!verified.ok) return verified;
  const { client_ip, request_id, client_request_id } = verified.claims;
  const requestId = (value: unknown): value is string =>
    typeof value === 'string' && REQUEST_ID_PATTERN.test(value);
  if (typeof client_ip !== 'string' || isIP(client_ip) === 0 || !requestId(request_id))
    return { ok: false, reason: 'invalid' };
  if (client_request_id !== undefined && !requestId(client_request_id))
    return { ok: false, reason: 'invalid' };
  return {
    ok: true,
    assertion: { client_ip, request_id, ...(client_request_id !== undefined ? { client_request_id } : {}) },
  };
}
