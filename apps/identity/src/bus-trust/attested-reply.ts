import { attestLookupReply, type BusKeyRing, type LookupReplyPurpose } from '@latchkey/auth-core';
import type { AttestedReply } from '@latchkey/contracts';

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A lookup's reply, signed for the asker's nonce and question (ADR 0015). A request without a nonce
 * comes from a replica that predates it: it gets the plain reply it reads, which a current
 * receiver would refuse anyway.
 */
export async function attested<Reply extends object>(
  purpose: LookupReplyPurpose,
  request: unknown,
  reply: Promise<Reply>,
  ring: BusKeyRing,
): Promise<AttestedReply<Reply>> {
  const answer = await reply;
  if (typeof request !== 'object' || request === null) return answer;
  const { nonce } = request as { nonce?: unknown };
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) return answer;
  return attestLookupReply(purpose, { ...request, nonce }, answer, ring);
}
