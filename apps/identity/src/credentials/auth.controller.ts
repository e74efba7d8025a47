import type { IncomingMessage } from 'node:http';
import { Controller, Req } from '@nestjs/common';
import type { ChangeContext, JwksView, RouteInput } from '@latchkey/contracts';
import { Input } from '@latchkey/runtime';
import { changePassword, exchangeToken, jwks, login } from '@latchkey/api-routes';
import {
  ChangeContextOf,
  clientContextOf,
  CurrentUser,
  IdentityEndpoint,
  type AuthenticatedUser,
} from '../access';
import { SignInService } from './sign-in.service';
import { presentedKeyOf } from './token-exchange';
import { TokenExchangeService } from './token-exchange.service';
import { TokenSigner } from './token-signer.service';

interface ClientRequest {
  raw: IncomingMessage;
  id: string;
  ip: string;
}

/** The client's address as the gateway asserted it, else the socket's (never X-Forwarded-For). */
const clientIpOf = (request: ClientRequest): string => clientContextOf(request).client_ip;

/** The credential routes: the declared input in, the services' answer out; no decision here. */
@Controller()
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly exchanges: TokenExchangeService,
    private readonly signer: TokenSigner,
  ) {}

  @IdentityEndpoint(login)
  login(@Input() { body }: RouteInput<typeof login>, @Req() request: ClientRequest) {
    return this.signIns.signIn(body.email, body.password, clientIpOf(request));
  }

  @IdentityEndpoint(changePassword)
  changePassword(
    @CurrentUser() actor: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof changePassword>,
    @Req() request: ClientRequest,
  ) {
    return this.signIns.changePassword(actor, body, ctx, clientIpOf(request));
  }

  @IdentityEndpoint(exchangeToken)
  token(@Input() { body }: RouteInput<typeof exchangeToken>, @Req() request: ClientRequest) {
    return this.exchanges.exchange(presentedKeyOf(body), clientIpOf(request));
  }

  @IdentityEndpoint(jwks)
  jwks(): JwksView {
    // jose types every JWK member as optional; exportJWK always sets kty (OKP for Ed25519).
    return { keys: this.signer.jwks().keys.map((key) => ({ ...key, kty: key.kty ?? 'OKP' })) };
  }
}
