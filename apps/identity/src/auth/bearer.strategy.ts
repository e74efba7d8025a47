import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { TokenSigner } from './token-signer.service';
import type { UserRole } from '../users/user.entity';

export interface AuthenticatedUser {
  id: string;
  orgId: string;
  role: UserRole;
}

/** passport-http-bearer: a request to an admin route must carry a valid user token. */
@Injectable()
export class UserBearerStrategy extends PassportStrategy(Strategy, 'user-bearer') {
  constructor(private readonly signer: TokenSigner) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedUser | false> {
    const claims = await this.signer.verifyUserToken(token);
    return claims ? { id: claims.sub, orgId: claims.org_id, role: claims.role } : false;
  }
}
