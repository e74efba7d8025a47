import { Inject, Injectable } from '@nestjs/common';
import { hashUnderEach } from '@latchkey/auth-core';
import { configuredPeppers, IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { ApiKeyRepository, secretEnded } from '../keys';
import { CredentialThrottle } from './login-throttle';
import { admitted, settledOnError, throttleLimitsOf } from './throttled-attempt';
import { decideExchange, exchangeRefusal, isWellFormed, type PresentedKey } from './token-exchange';
import { TokenIssuanceLog } from './token-issuance.service';
import { TokenSigner } from './token-signer.service';

/** An access token as the answer carries it. */
export interface AccessTokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** An API key (secret, or public id + secret) exchanged for a short-lived access token. */
@Injectable()
export class TokenExchangeService {
  /** Per public id (pair form) and per source. */
  private readonly throttle: CredentialThrottle;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly keyRows: ApiKeyRepository,
    private readonly signer: TokenSigner,
    private readonly issuance: TokenIssuanceLog,
  ) {
    this.throttle = new CredentialThrottle(throttleLimitsOf(config));
  }

  async exchange(presented: PresentedKey, ip: string, now = new Date()): Promise<AccessTokenAnswer> {
    // A bare key names no account: only its source's budget applies (its secret cannot be guessed).
    const attempt = admitted(this.throttle.begin(presented.publicId, ip));
    const refuse = (reason: Parameters<typeof exchangeRefusal>[0]) => {
      attempt.failed();
      return exchangeRefusal(reason);
    };
    // A malformed key is refused before anything is looked up.
    if (!isWellFormed(presented)) throw refuse('malformed');
    const peppers = configuredPeppers(this.config);
    // Under every pepper: a key issued before a pepper rotation still exchanges (and moves to the new one).
    const secret = await settledOnError(attempt, () =>
      this.keyRows.findPresentedSecret(hashUnderEach(peppers, presented.secret), peppers, now),
    );
    // An ended secret's key is not even read.
    const key =
      secret && !secretEnded(secret, now)
        ? await settledOnError(attempt, () => this.keyRows.find(secret.keyId))
        : null;
    const decision = decideExchange({
      presented,
      secret,
      key,
      now,
      maxTtlSeconds: this.config.ACCESS_TOKEN_TTL_SECONDS,
    });
    if (!decision.ok) throw refuse(decision.reason);
    attempt.succeeded();
    const { grant, issuedAt, ttlSeconds } = decision;
    // Recorded before the token leaves: every credential issued is in the audit trail.
    await this.issuance.record({
      kind: 'access_token',
      orgId: grant.org_id,
      subjectId: grant.sub,
      secretId: grant.sid,
      ip,
    });
    const accessToken = await this.signer.signAccessToken(grant, ttlSeconds, issuedAt * 1000);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
      scope: grant.scopes.join(' '),
    };
  }
}
