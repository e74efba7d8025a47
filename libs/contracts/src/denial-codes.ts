import { ErrorCode } from './error-codes';
import type { DenialReason } from './event-schemas';

/**
 * The one table from a refusal's real reason to the documented code its caller was answered with:
 * the gateway answers with it, an explanation (ADR 0023) names it. `viaToken`: the credential was a
 * bearer token (an invalid one is `invalid_token`, an API key's refusal `invalid_api_key`).
 * `identity_refused` is identity's own answer: 401, 403 or 429, named by `status`.
 */
export function errorCodeForDenial(reason: DenialReason, viaToken = false, status = 401): ErrorCode {
  switch (reason) {
    case 'no_credential':
    case 'malformed':
    case 'bad_checksum':
    case 'in_query':
    case 'unknown_key':
    case 'expired':
    case 'revoked':
    case 'public_id_mismatch':
    case 'canary': // answered exactly like an unknown key (ADR 0024): its holder learns nothing
      return ErrorCode.InvalidApiKey;
    case 'dormant':
      // The holder of the secret is told why (ADR 0022): an administrator can enable the key.
      return ErrorCode.KeyDormant;
    case 'key_quarantined':
      return ErrorCode.KeyQuarantined;
    case 'invalid_token':
      return viaToken ? ErrorCode.InvalidToken : ErrorCode.InvalidApiKey;
    case 'lookup_failed':
      return ErrorCode.UpstreamUnavailable;
    case 'insufficient_scope':
      return ErrorCode.InsufficientScope;
    case 'path_not_allowed':
      return ErrorCode.PathNotAllowed;
    case 'ip_not_allowed':
      return ErrorCode.IpNotAllowed;
    case 'rate_limited':
    case 'auth_throttled':
      return ErrorCode.RateLimited;
    case 'role_not_allowed':
      return ErrorCode.Forbidden;
    case 'identity_refused':
      return status === 429
        ? ErrorCode.RateLimited
        : status === 403
          ? ErrorCode.Forbidden
          : ErrorCode.InvalidToken;
  }
}
