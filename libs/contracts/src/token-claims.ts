import { z } from 'zod';
import { UserRoleSchema } from './event-schemas';
import { IdPrefix, idSchema } from './ids';
import { SignedArtefactPurpose } from './signature-purposes';

/*
 * The claims of the two bearer tokens identity issues (EdDSA JWTs, verified by the gateway against
 * identity's JWKS). Declared once: identity builds every token's payload through these schemas and
 * every verifier parses a token's payload with them after its signature checks out, so a claim one
 * side adds or renames is a type error on the other, and a token missing a claim is refused.
 *
 * Wire names: tokens in flight carry them; never rename a claim or a value.
 */

export const TOKEN_ISSUER = 'latchkey-identity';
export const TOKEN_AUDIENCE = 'latchkey';

/** Seconds since the epoch. */
const epochSeconds = z.number().int().nonnegative();

/** The registered claims both tokens carry; `exp` is required (jose accepts a token without one). */
const registeredClaims = {
  iss: z.literal(TOKEN_ISSUER),
  aud: z.literal(TOKEN_AUDIENCE),
  iat: epochSeconds,
  exp: epochSeconds,
};

/** A signed-in user's token (`POST /auth/login`). */
export const UserTokenClaimsSchema = z.object({
  typ: z.literal(SignedArtefactPurpose.UserToken),
  sub: idSchema(IdPrefix.User),
  org_id: idSchema(IdPrefix.Organisation),
  role: UserRoleSchema,
  /**
   * The user's credential version at issuance: the token holds while it is the user's current
   * one. Tokens from before credential versions carry none; they read as 0, every user's version
   * at the upgrade.
   */
  cv: z.number().int().nonnegative().default(0),
  ...registeredClaims,
});
export type UserTokenClaims = z.infer<typeof UserTokenClaimsSchema>;

/** An API key's access token (`POST /auth/token`: key and secret exchanged for a token). */
export const AccessTokenClaimsSchema = z.object({
  typ: z.literal(SignedArtefactPurpose.AccessToken),
  /** The key. */
  sub: idSchema(IdPrefix.ApiKey),
  org_id: idSchema(IdPrefix.Organisation),
  /** The key's scopes at issuance (informative: the gateway holds the key to its current ones). */
  scopes: z.array(z.string()),
  /** The secret it was exchanged with: the token ends with it. Absent in tokens issued before it existed. */
  sid: idSchema(IdPrefix.Secret).optional(),
  ...registeredClaims,
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;

/** Either token, told apart by `typ`. */
export const BearerTokenClaimsSchema = z.discriminatedUnion('typ', [
  UserTokenClaimsSchema,
  AccessTokenClaimsSchema,
]);
export type BearerTokenClaims = z.infer<typeof BearerTokenClaimsSchema>;

/** What identity decides when it issues a token; the rest (typ, iss, aud, iat, exp) follows. */
export type UserTokenGrant = Pick<UserTokenClaims, 'sub' | 'org_id' | 'role' | 'cv'>;
export type AccessTokenGrant = Pick<AccessTokenClaims, 'sub' | 'org_id' | 'scopes'> & { sid: string };

/** The payload of a user token issued now for `ttlSeconds`, checked against its schema. */
export function userTokenClaims(
  grant: UserTokenGrant,
  ttlSeconds: number,
  now = Date.now(),
): UserTokenClaims {
  return UserTokenClaimsSchema.parse({
    ...grant,
    typ: SignedArtefactPurpose.UserToken,
    ...registered(ttlSeconds, now),
  });
}

/** The payload of an access token issued now for `ttlSeconds`, checked against its schema. */
export function accessTokenClaims(
  grant: AccessTokenGrant,
  ttlSeconds: number,
  now = Date.now(),
): AccessTokenClaims {
  return AccessTokenClaimsSchema.parse({
    ...grant,
    typ: SignedArtefactPurpose.AccessToken,
    ...registered(ttlSeconds, now),
  });
}

function registered(ttlSeconds: number, now: number) {
  const iat = Math.floor(now / 1000);
  return { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + ttlSeconds };
}
