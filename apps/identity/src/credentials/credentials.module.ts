import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { EventsModule } from '../events';
import { KeyLookupModule } from '../key-lookup';
import { KeysModule } from '../keys';
import { OrganisationsModule } from '../organisations';
import { UsersModule } from '../users';
import { AuthController } from './auth.controller';
import { UserBearerStrategy } from './bearer.strategy';
import { SignInService } from './sign-in.service';
import { TokenExchangeService } from './token-exchange.service';
import { TokenIssuanceRepository } from './token-issuance.repository';
import { TokenIssuanceLog } from './token-issuance.service';
import { TokenSigner } from './token-signer.service';

/**
 * Credentials and tokens: sign-in, password change, API key → access token, the JWKS, the
 * throttle for guessable credentials, the user-token bearer strategy and the `token.issued` log.
 */
@Module({
  imports: [PassportModule, EventsModule, KeyLookupModule, KeysModule, OrganisationsModule, UsersModule],
  controllers: [AuthController],
  providers: [
    TokenSigner,
    TokenIssuanceRepository,
    TokenIssuanceLog,
    SignInService,
    TokenExchangeService,
    UserBearerStrategy,
  ],
  exports: [TokenSigner, TokenIssuanceLog],
})
export class CredentialsModule {}
