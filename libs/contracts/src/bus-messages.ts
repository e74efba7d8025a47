/**
 * The authenticated form of every access-deciding message on NATS (ADR 0015). `body` is the exact
 * JSON text that was signed, so no re-serialisation has to match byte for byte; the receiver reads
 * the message's content from `body` only, after checking `sig`.
 */
export interface SignedBusMessage {
  /** Which key of the sender's key list signed it. */
  kid: string;
  /** JSON text: the message's fields, plus what binds it (nonce, question, issued-at or sequence). */
  body: string;
  /** base64url signature (Ed25519) or MAC (HMAC-SHA-256) over purpose label + body. */
  sig: string;
}

/** A lookup request carries the requester's fresh nonce: the signed reply must name it. */
export interface LookupNonce {
  /** base64url, 16 random bytes, new for every lookup. */
  nonce: string;
}

/**
 * A lookup reply as identity sends it: the plain fields (read by replicas that predate ADR 0015)
 * and `attestation`, the signed copy a current receiver reads instead.
 */
export type AttestedReply<Reply> = Reply & { attestation?: SignedBusMessage };

/** An announcement (key or user invalidation), heartbeat or rate-limit sync message on the wire. */
export interface SignedAnnouncement {
  attestation: SignedBusMessage;
}
