import { AuthDeniedDataSchema, errorCodeForDenial, type DecisionView } from '@latchkey/contracts';

/** The stored `auth.denied` event a decision is read from: its id and its data, as stored. */
export interface StoredDenial {
  eventId: string;
  data: Record<string, unknown>;
}

/**
 * A refusal record as an explanation (ADR 0023): the rule that decided, in words, with what it
 * needs (the scope, the limit and window, the key's state). Pure: the stored data in, the view out;
 * undefined for data that is not an aggregated record (an event from before ADR 0008).
 */
export function explainDenial({ eventId, data }: StoredDenial): DecisionView | undefined {
  const parsed = AuthDeniedDataSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const state = d.key_state ?? null;
  const code = errorCodeForDenial(d.reason, d.reason === 'invalid_token', d.sample.status);
  return {
    decision_id: d.decision_id,
    outcome: 'denied',
    reason: d.reason,
    explanation: sentenceFor(d.reason, {
      requiredScope: d.required_scope,
      state,
      route: d.route,
      ip: d.sample.ip,
      path: d.sample.path,
    }),
    error_code: code,
    status: d.sample.status,
    key_id: d.key_id ?? null,
    route: d.route,
    required_scope: d.required_scope ?? null,
    rate_limit: d.reason === 'rate_limited' && state ? state.rate_limit : null,
    method: d.sample.method,
    path: d.sample.path,
    client_ip: d.sample.ip,
    request_id: d.sample.request_id,
    first_at: d.first_at,
    last_at: d.last_at,
    count: d.count,
    key_state: state,
    gateway: d.gateway,
    audit_event_id: eventId,
  };
}

interface Facts {
  requiredScope: string | undefined;
  state: DecisionView['key_state'];
  route: string;
  ip: string;
  path: string;
}

/** One sentence per rule: what decided, and what would have been needed. */
export function sentenceFor(reason: DecisionView['reason'], f: Facts): string {
  const s = f.state;
  switch (reason) {
    case 'no_credential':
      return 'No credential was presented (no Authorization or X-Secret-Key header).';
    case 'malformed':
      return 'The credential is not shaped like a Latchkey key or token.';
    case 'bad_checksum':
      return 'The key’s checksum does not match: it was mistyped or cut.';
    case 'in_query':
      return 'A credential was sent in the query string, which is refused (it would end up in logs).';
    case 'unknown_key':
      return 'No key has this secret (never issued, deleted, or a rotated-away secret past its grace end).';
    case 'expired':
      return `The key expired${s?.expires_at ? ` at ${s.expires_at}` : ''} (or its presented secret’s grace period ended).`;
    case 'revoked':
      return 'The key is revoked.';
    case 'dormant':
      return 'The key was disabled as dormant (unused for the policy’s dormant_after_days): an owner or admin can enable it.';
    case 'key_quarantined':
      return 'The key is quarantined after a leak report: only GET and HEAD pass, this request was a write.';
    case 'public_id_mismatch':
      return 'The public id presented with the secret is not this key’s.';
    case 'invalid_token':
      return 'The access or user token is invalid, expired, or its key or secret no longer holds.';
    case 'lookup_failed':
      return 'The gateway could not look the key up (identity did not answer in time).';
    case 'insufficient_scope':
      return `Scope missing: ${f.route} requires ${f.requiredScope ?? 'a scope'}${s ? `; the key holds ${s.scopes.length ? s.scopes.join(', ') : 'no scope'}` : ''}.`;
    case 'path_not_allowed':
      return `The path ${f.path} is not in the key’s allowed paths${s ? ` (${s.allowed_paths.join(', ')})` : ''}.`;
    case 'ip_not_allowed':
      return `The address ${f.ip} is not in the key’s IP allow-list${s ? ` (${s.allowed_ips.join(', ')})` : ''}.`;
    case 'rate_limited':
      return s
        ? `Rate limit reached: ${s.rate_limit.limit} requests per ${s.rate_limit.window_seconds} s.`
        : 'Rate limit reached.';
    case 'auth_throttled':
      return 'Too many failed authentications from this address: throttled before the credential was checked.';
    case 'canary':
      return 'A canary key was used: it grants nothing, the caller was answered like an unknown key, and key.canary_tripped was raised.';
    case 'role_not_allowed':
      return 'The user’s role may not do this (owners and admins only).';
    case 'identity_refused':
      return 'Identity refused the request (a failed sign-in, an invalid user token, a role that may not, a throttled login).';
  }
}
