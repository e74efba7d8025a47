import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { TokenSigner } from './token-signer.service';
import { UserSchema, type UserRole } from '../users/user.entity';

export interface AuthenticatedUser {
  id: string;
  orgId: string;
  role: UserRole;
}

/**
 * passport-http-bearer: a request to an admin route must carry a valid user token, of a user who
 * is still active and still has the role the token was issued for (a token lives 12 h; a disabled
 * or demoted user's older tokens stop working at once).
 */
@Injectable()
export class UserBearerStrategy extends PassportStrategy(Strategy, 'user-bearer') {
  constructor(
    private readonly signer: TokenSigner,
    @Inject(MikroORM) private readonly orm: MikroORM,
  ) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedUser | false> {
    const claims = await this.signer.verifyUserToken(token);
    if (!claims) return false;
    const user = await this.orm.em.fork().findOne(UserSchema, { id: claims.sub, orgId: claims.org_id });
    if (!user || user.status !== 'active' || user.role !== claims.role) return false;
    return { id: claims.sub, orgId: claims.org_id, role: claims.role };
  }
}
