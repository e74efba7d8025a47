import { Header } from '@latchkey/contracts';
import { checkSecret, isPublicId, looksLikeSecret } from '@latchkey/auth-core';

export type Credential =
  | { kind: 'secret'; secret: string }
  | { kind: 'pair'; publicId: string; secret: string }
  | { kind: 'token'; token: string }
  | { kind: 'none' }
  | { kind: 'invalid'; reason: 'malformed' | 'bad_checksum' | 'in_query' };

const QUERY_CREDENTIALS = /[?&](api_key|apikey|key|secret|token|access_token)=/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Does the URL carry something that looks like a credential? Refused wherever it comes in. */
export function hasQueryCredential(url: string): boolean {
  return QUERY_CREDENTIALS.test(url);
}

/**
 * Reads the credential of a request from its headers alone. Pure CPU: a malformed secret or a bad
 * checksum is refused here, before any lookup or I/O.
 */
export function parseCredential(
  headers: Record<string, string | string[] | undefined>,
  url: string,
): Credential {
  if (hasQueryCredential(url)) return { kind: 'invalid', reason: 'in_query' };
  const authorization = headers['authorization'];
  if (typeof authorization !== 'string' || authorization.length === 0) return { kind: 'none' };
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) return { kind: 'invalid', reason: 'malformed' };
  const value = match[1] as string;
  if (isPublicId(value)) {
    const secret = headers[Header.SecretKey];
    if (typeof secret !== 'string') return { kind: 'invalid', reason: 'malformed' };
    const check = checkSecret(secret);
    return check === 'ok' ? { kind: 'pair', publicId: value, secret } : { kind: 'invalid', reason: check };
  }
  if (looksLikeSecret(value)) {
    const check = checkSecret(value);
    return check === 'ok' ? { kind: 'secret', secret: value } : { kind: 'invalid', reason: check };
  }
  if (JWT_SHAPE.test(value)) return { kind: 'token', token: value };
  return { kind: 'invalid', reason: 'malformed' };
}
