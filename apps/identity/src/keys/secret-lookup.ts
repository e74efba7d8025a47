import { parseSecret, SECRET_LENGTH } from '@latchkey/auth-core';

/**
 * "Find the key for this secret" (ADR 0020): pure decisions, the I/O is KeysService.findBySecret.
 * The secret is only ever checked here and hashed there; never stored, logged or echoed.
 */

/** Why a presented text is not a secret, in words a person can act on; never the text itself. */
export type SecretShapeVerdict = { ok: true } | { ok: false; message: string };

export function checkPresentedSecret(candidate: string): SecretShapeVerdict {
  const parsed = parseSecret(candidate);
  if (parsed.ok) return { ok: true };
  return {
    ok: false,
    message:
      parsed.reason === 'bad_checksum'
        ? 'not a Latchkey secret: its checksum does not match (a character is wrong or missing)'
        : `not a Latchkey secret: one starts with lk_live_ or lk_test_ and is ${SECRET_LENGTH} characters long`,
  };
}

/**
 * The key a found secret names, answered only when it is the caller's organisation's: another
 * organisation's key is as unknown as a secret nobody issued, so the answer tells nothing about
 * other organisations.
 */
export function ownKeyOf<K extends { orgId: string }>(orgId: string, key: K | null | undefined): K | null {
  return key && key.orgId === orgId ? key : null;
}
