/**
 * What each signature Latchkey makes is for. Every signed artefact names its purpose inside the
 * bytes its signature covers, and every verifier accepts only its own: one key may sign several
 * kinds of thing, and a signature of one kind must never verify as another (RFC 8725 §3.11,
 * docs/adr/0016-signatures-name-their-purpose.md). docs/security.md ("What each signature means")
 * lists who signs each, what it vouches for and what verifies it.
 *
 * Wire names: artefacts in flight or at rest carry them; changing one makes every such artefact
 * invalid.
 */
export const SignedArtefactPurpose = {
  /** identity's user token (EdDSA JWT): claim `typ`. */
  UserToken: 'user',
  /** identity's access token, exchanged for an API key (EdDSA JWT): claim `typ`. */
  AccessToken: 'access',
  /** The gateway's principal, `X-Latchkey-Principal` (EdDSA JWT): protected header `typ`. */
  Principal: 'latchkey-principal+jwt',
  /** The gateway's forwarding assertion, `X-Latchkey-Forwarded` (EdDSA JWT): protected header `typ`. */
  Forwarded: 'latchkey-forwarded+jwt',
  /** audit's signed chain head (EdDSA compact JWS): protected header `typ`. */
  AuditCheckpoint: 'latchkey-audit-checkpoint+jws',
  /** audit's signed record of where retention cut a chain (EdDSA compact JWS): protected header `typ`. */
  AuditRetentionCut: 'latchkey-audit-cut+jws',
} as const;
export type SignedArtefactPurpose = (typeof SignedArtefactPurpose)[keyof typeof SignedArtefactPurpose];

/**
 * Purpose labels of the messages that decide access on NATS (ADR 0015). Each label is part of what
 * is signed or MACed (a context string before the body), so a signature of one kind never verifies
 * as another, even where one key signs several kinds.
 *
 * Wire names: a message in flight is signed under one; changing a label refuses every such message
 * from a replica of another version.
 */
export const BusMessagePurpose = {
  /** Identity → gateway: the answer to one key lookup (bound to the gateway's nonce and question). */
  KeyLookupReply: 'latchkey-bus/key-lookup-reply',
  /** Identity → gateway: the answer to one user lookup. */
  UserLookupReply: 'latchkey-bus/user-lookup-reply',
  /** Identity → data API: the answer to one webhook-connection lookup. */
  WebhookConnectionLookupReply: 'latchkey-bus/webhook-connection-lookup-reply',
  /** Identity → every gateway replica: evict (or mark revoked) a cached key. */
  KeyInvalidation: 'latchkey-bus/key-invalidation',
  /** Identity → every gateway replica: a user's role, status or credentials changed. */
  UserInvalidation: 'latchkey-bus/user-invalidation',
  /** Gateway → identity: this replica applied one invalidation (bound to its nonce). */
  InvalidationConfirmation: 'latchkey-bus/invalidation-confirmation',
  /** Gateway → identity and the other replicas: this replica exists. */
  GatewayHeartbeat: 'latchkey-bus/gateway-heartbeat',
  /** Gateway → the other replicas: requests admitted per key (HMAC, gateway replicas only). */
  RateLimitSync: 'latchkey-bus/rate-limit-sync',
} as const;
export type BusMessagePurpose = (typeof BusMessagePurpose)[keyof typeof BusMessagePurpose];

/** Who signs each kind, and how: the receiver accepts a kind only under this algorithm. */
export const BUS_MESSAGE_ALGORITHMS: Readonly<Record<BusMessagePurpose, 'Ed25519' | 'HS256'>> = {
  [BusMessagePurpose.KeyLookupReply]: 'Ed25519',
  [BusMessagePurpose.UserLookupReply]: 'Ed25519',
  [BusMessagePurpose.WebhookConnectionLookupReply]: 'Ed25519',
  [BusMessagePurpose.KeyInvalidation]: 'Ed25519',
  [BusMessagePurpose.UserInvalidation]: 'Ed25519',
  [BusMessagePurpose.InvalidationConfirmation]: 'Ed25519',
  [BusMessagePurpose.GatewayHeartbeat]: 'Ed25519',
  [BusMessagePurpose.RateLimitSync]: 'HS256',
};
