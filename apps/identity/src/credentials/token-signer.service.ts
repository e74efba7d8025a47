import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { exportJWK, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import {
  accessTokenClaims,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  UserTokenClaimsSchema,
  type AccessTokenGrant,
  userTokenClaims,
  type UserTokenClaims,
  type UserTokenGrant,
} from '@latchkey/contracts';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';

type Key = CryptoKey | KeyObject;

/**
 * Signs user tokens (EdDSA) with the first configured key and verifies with any of them, so a
 * signing key can be rotated without downtime: add the new key first, publish, then retire the old.
 */
@Injectable()
export class TokenSigner implements OnModuleInit {
  private signing!: { kid: string; key: Key };
  private readonly verifying = new Map<string, Key>();
  private publicJwks: JWK[] = [];

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  async onModuleInit(): Promise<void> {
    const keys = await Promise.all(
      this.config.TOKEN_SIGNING_KEYS.map(async (jwk, index) => {
        const kid = jwk.kid ?? `key-${index}`;
        const privateKey = (await importJWK({ ...jwk }, 'EdDSA')) as Key;
        const { d: _secret, ...publicPart } = jwk;
        const publicKey = (await importJWK({ ...publicPart }, 'EdDSA')) as Key;
        return {
          kid,
          privateKey,
          publicKey,
          publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' },
        };
      }),
    );
    const first = keys[0];
    if (!first) throw new Error('TOKEN_SIGNING_KEYS is empty');
    this.signing = { kid: first.kid, key: first.privateKey };
    for (const k of keys) this.verifying.set(k.kid, k.publicKey);
    this.publicJwks = keys.map((k) => k.publicJwk);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  /** A user token: its payload is built and checked by its one declaration in contracts. */
  async signUserToken(grant: UserTokenGrant, ttlSeconds: number): Promise<string> {
    return this.sign(userTokenClaims(grant, ttlSeconds));
  }

  /**
   * A short-lived token for an API key (key + secret exchanged for a token). `sid` names the secret
   * it was exchanged with: the token ends when that secret ends (regenerate, a rotation's grace end).
   * Issued at `now` (ms), the instant its lifetime was decided on.
   */
  async signAccessToken(grant: AccessTokenGrant, ttlSeconds: number, now = Date.now()): Promise<string> {
    return this.sign(accessTokenClaims(grant, ttlSeconds, now));
  }

  private async sign(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.signing.kid, typ: 'JWT' })
      .sign(this.signing.key);
  }

  async verifyUserToken(token: string): Promise<UserTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? this.verifying.get(header.kid) : undefined;
          if (!key) throw new Error('unknown kid');
          return key;
        },
        { algorithms: ['EdDSA'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      );
      // The signature holds: the claims must still be a user token's, every one of them.
      const claims = UserTokenClaimsSchema.safeParse(payload);
      return claims.success ? claims.data : undefined;
    } catch {
      return undefined;
    }
  }
}
