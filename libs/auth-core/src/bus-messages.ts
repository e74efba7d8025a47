import { BusMessagePurpose, type AttestedReply, type SignedBusMessage } from '@latchkey/contracts';
import { signBusMessage, verifyBusMessage, type BusKeyRing, type BusVerification } from './bus-signature';

/**
 * The access-deciding messages of ADR 0015, one pair of functions per family. Every verifier takes
 * the purpose it expects, so a test can sign as one kind and verify as another.
 */

/** How far a signed time may be from the receiver's clock (skew between hosts included). */
export const BUS_MESSAGE_WINDOW_MS = 30_000;

export type LookupReplyPurpose =
  | typeof BusMessagePurpose.KeyLookupReply
  | typeof BusMessagePurpose.UserLookupReply
  | typeof BusMessagePurpose.WebhookConnectionLookupReply;

export type AnnouncementPurpose =
  | typeof BusMessagePurpose.KeyInvalidation
  | typeof BusMessagePurpose.UserInvalidation
  | typeof BusMessagePurpose.GatewayHeartbeat
  | typeof BusMessagePurpose.RateLimitSync;

/** A lookup's request as sent: its fields and the requester's nonce. */
export type LookupQuestion = { readonly nonce: string } & Readonly<Record<string, unknown>>;

/**
 * The question a lookup asked, in one canonical form (keys sorted, the nonce left out): the signed
 * reply names it, so a reply to one lookup cannot answer another.
 */
export function canonicalQuestion(request: object): string {
  const entries = Object.entries(request)
    .filter(([name]) => name !== 'nonce')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** Identity: the reply, plain (for older receivers) and signed, bound to the asker's nonce and question. */
export function attestLookupReply<Reply extends object>(
  purpose: LookupReplyPurpose,
  request: LookupQuestion,
  reply: Reply,
  ring: BusKeyRing,
  now = Date.now(),
): AttestedReply<Reply> {
  const attestation = signBusMessage(
    purpose,
    { n: request.nonce, q: canonicalQuestion(request), iat: now, r: reply },
    ring,
  );
  return { ...reply, attestation };
}

/**
 * The requester: the reply holds only if identity signed it as this kind, for this nonce and this
 * question, within the window. The plain fields are ignored: only the signed copy is returned.
 */
export function verifyLookupReply<Reply>(
  purpose: BusMessagePurpose,
  wire: unknown,
  asked: LookupQuestion,
  ring: BusKeyRing,
  now = Date.now(),
): BusVerification<Reply> {
  const attestation =
    typeof wire === 'object' && wire !== null ? (wire as { attestation?: unknown }).attestation : undefined;
  const verified = verifyBusMessage(purpose, attestation, ring);
  if (!verified.ok) return verified;
  const { n, q, iat, r } = verified.value;
  if (
    typeof n !== 'string' ||
    typeof q !== 'string' ||
    typeof iat !== 'number' ||
    typeof r !== 'object' ||
    r === null
  )
    return { ok: false, reason: 'malformed' };
  if (n !== asked.nonce || q !== canonicalQuestion(asked)) return { ok: false, reason: 'wrong_request' };
  if (Math.abs(now - iat) > BUS_MESSAGE_WINDOW_MS) return { ok: false, reason: 'stale' };
  return { ok: true, value: r as Reply };
}

/**
 * A sender's sequence: strictly increasing, and close to its clock in microseconds, so a receiver
 * can refuse both a replay (not newer than the last seen) and an old message it never saw (outside
 * the window), and a restarted sender continues above where it stopped.
 */
export class BusSequence {
  private last = 0;
  next(now = Date.now()): number {
    this.last = Math.max(this.last + 1, now * 1000);
    return this.last;
  }
}

/**
 * The receiver's memory of each sender's last sequence. A sender is forgotten once its last
 * message left the window (any older message is refused by the window alone), so memory stays
 * bounded by the senders heard within it; only messages whose signature holds reach it.
 */
export class ReplayGuard {
  private readonly last = new Map<string, number>();
  private pruned = 0;

  constructor(private readonly windowMs = BUS_MESSAGE_WINDOW_MS) {}

  accept(sender: string, seq: number, now = Date.now()): 'ok' | 'stale' | 'replayed' {
    if (Math.abs(now - seq / 1000) > this.windowMs) return 'stale';
    const last = this.last.get(sender);
    if (last !== undefined && seq <= last) return 'replayed';
    this.last.set(sender, seq);
    if (now - this.pruned > this.windowMs) {
      this.pruned = now;
      for (const [id, s] of this.last) if (now - s / 1000 > this.windowMs) this.last.delete(id);
    }
    return 'ok';
  }
}

/** Announcements, heartbeats and rate-limit sync: the message, its sender and sequence, signed. */
export function signAnnouncement(
  purpose: AnnouncementPurpose,
  sender: string,
  seq: number,
  message: Record<string, unknown>,
  ring: BusKeyRing,
): { attestation: SignedBusMessage } {
  return { attestation: signBusMessage(purpose, { s: sender, seq, m: message }, ring) };
}

export interface Announcement {
  sender: string;
  /** The sender's sequence: microseconds on its clock when it signed (see BusSequence). */
  seq: number;
  message: Record<string, unknown>;
}

/** Verifies an announcement of `purpose`, then refuses it if stale or not newer than its sender's last. */
export function verifyAnnouncement(
  purpose: BusMessagePurpose,
  wire: unknown,
  ring: BusKeyRing,
  guard: ReplayGuard,
  now = Date.now(),
): BusVerification<Announcement> {
  const attestation =
    typeof wire === 'object' && wire !== null ? (wire as { attestation?: unknown }).attestation : undefined;
  const verified = verifyBusMessage(purpose, attestation, ring);
  if (!verified.ok) return verified;
  const { s, seq, m } = verified.value;
  if (typeof s !== 'string' || !Number.isSafeInteger(seq) || typeof m !== 'object' || m === null)
    return { ok: false, reason: 'malformed' };
  // Each kind keeps its own sequences: the guard is per purpose (one guard per subscription).
  const fresh = guard.accept(s, seq as number, now);
  if (fresh !== 'ok') return { ok: false, reason: fresh };
  return { ok: true, value: { sender: s, seq: seq as number, message: m as Record<string, unknown> } };
}

/** Gateway → identity: "this replica applied the announcement with nonce `nonce`". */
export function signConfirmation(
  gateway: string,
  nonce: string,
  ring: BusKeyRing,
  now = Date.now(),
): { attestation: SignedBusMessage } {
  return {
    attestation: signBusMessage(
      BusMessagePurpose.InvalidationConfirmation,
      { gateway, n: nonce, iat: now },
      ring,
    ),
  };
}

/** Identity: the confirming replica's id, if the confirmation answers this announcement. */
export function verifyConfirmation(
  wire: unknown,
  nonce: string,
  ring: BusKeyRing,
  now = Date.now(),
  purpose: BusMessagePurpose = BusMessagePurpose.InvalidationConfirmation,
): BusVerification<string> {
  const attestation =
    typeof wire === 'object' && wire !== null ? (wire as { attestation?: unknown }).attestation : undefined;
  const verified = verifyBusMessage(purpose, attestation, ring);
  if (!verified.ok) return verified;
  const { gateway, n, iat } = verified.value;
  if (typeof gateway !== 'string' || typeof n !== 'string' || typeof iat !== 'number')
    return { ok: false, reason: 'malformed' };
  if (n !== nonce) return { ok: false, reason: 'wrong_request' };
  if (Math.abs(now - iat) > BUS_MESSAGE_WINDOW_MS) return { ok: false, reason: 'stale' };
  return { ok: true, value: gateway };
}
