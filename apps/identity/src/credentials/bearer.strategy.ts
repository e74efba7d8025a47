import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import type { AuthenticatedUser } from '../access';
import { KeyLookupService } from '../key-lookup';
import { TokenSigner } from './token-signer.service';

/**
 * passport-http-bearer: a request to an admin route must carry a valid user token, of a user who
 * still exists, is still active, still has the role the token was issued for and whose
 * credentials have not changed since (a token lives 12 h; a disabled, demoted or removed user's
 * older tokens, and every token from before a password change, stop working at once).
 */
@Injectable()
export class UserBearerStrategy extends PassportStrategy(Strategy, 'user-bearer') {
  constructor(
    private readonly signer: TokenSigner,
    private readonly lookups: KeyLookupService,
  ) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedUser | false> {
    const claims = await this.signer.verifyUserToken(token);
    if (!claims) return false;
    // The same answer the gateway gets for its user tokens (user_lookup).
    const user = await this.lookups.lookupUser({ user_id: claims.sub, org_id: claims.org_id });
    if (!user.found || !user.active || user.role !== claims.role || user.credential_version !== claims.cv)
      return false;
    return { id: claims.sub, orgId: claims.org_id, role: claims.role };
  }
}
