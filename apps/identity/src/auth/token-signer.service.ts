import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { exportJWK, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { SignedArtefactPurpose } from '@latchkey/contracts';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import type { UserRole } from '../users/user.entity';

export const USER_TOKEN_ISSUER = 'latchkey-identity';
export const USER_TOKEN_AUDIENCE = 'latchkey';

export interface UserTokenClaims {
  sub: string;
  org_id: string;
  role: UserRole;
  /** The user's credential version at issuance (claim `cv`; tokens from before it existed read as 0). */
  cv: number;
}

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

  async signUserToken(claims: UserTokenClaims, ttlSeconds: number): Promise<string> {
    return new SignJWT({
      org_id: claims.org_id,
      role: claims.role,
      cv: claims.cv,
      typ: SignedArtefactPurpose.UserToken,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.signing.kid, typ: 'JWT' })
      .setIssuer(USER_TOKEN_ISSUER)
      .setAudience(USER_TOKEN_AUDIENCE)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.signing.key);
  }

  /**
   * A short-lived token for an API key (key + secret exchanged for a token). `sid` names the secret
   * it was exchanged with: the token ends when that secret ends (regenerate, a rotation's grace end).
   */
  async signAccessToken(
    claims: { key_id: string; org_id: string; scopes: string[]; sid: string },
    ttlSeconds: number,
  ): Promise<string> {
    return new SignJWT({
      org_id: claims.org_id,
      scopes: claims.scopes,
      sid: claims.sid,
      typ: SignedArtefactPurpose.AccessToken,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.signing.kid, typ: 'JWT' })
      .setIssuer(USER_TOKEN_ISSUER)
      .setAudience(USER_TOKEN_AUDIENCE)
      .setSubject(claims.key_id)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
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
        { algorithms: ['EdDSA'], issuer: USER_TOKEN_ISSUER, audience: USER_TOKEN_AUDIENCE },
      );
      if (payload['typ'] !== SignedArtefactPurpose.UserToken || typeof payload.sub !== 'string')
        return undefined;
      const role = payload['role'];
      const orgId = payload['org_id'];
      if (typeof orgId !== 'string' || typeof role !== 'string') return undefined;
      const cv = payload['cv'] ?? 0;
      if (typeof cv !== 'number' || !Number.isSafeInteger(cv)) return undefined;
      return { sub: payload.sub, org_id: orgId, role: role as UserRole, cv };
    } catch {
      return undefined;
    }
  }
}
