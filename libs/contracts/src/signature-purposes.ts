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
