import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ErrorCode } from '@latchkey/contracts';
import { parseInput, ProblemException } from '@latchkey/runtime';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { UserSchema } from '../users/user.entity';
import { decoyPasswordHash, verifyPassword } from '../users/password-hasher';
import { TokenSigner } from './token-signer.service';

const loginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

@Controller()
export class AuthController {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly signer: TokenSigner,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown) {
    const { email, password } = parseInput(loginBody, body);
    const user = await this.orm.em.fork().findOne(UserSchema, { email: email.toLowerCase() });
    // Verify against a decoy hash for unknown emails: same cost, so timing reveals nothing.
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !valid || user.status !== 'active') {
      throw new ProblemException(ErrorCode.InvalidCredentials, 'email or password is wrong');
    }
    const ttl = this.config.TOKEN_TTL_SECONDS;
    const accessToken = await this.signer.signUserToken({ sub: user.id, org_id: user.orgId, role: user.role }, ttl);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl };
  }

  @Get('.well-known/jwks.json')
  jwks() {
    return this.signer.jwks();
  }
}
