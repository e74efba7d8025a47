/**
 * Response bodies of the HTTP contract that more than one side reads: the services build them,
 * the console (and any typed client) consumes them. Wire names, like error codes: never rename.
 * Never a secret or a hash, except `IssuedSecret` on the one response that issues it.
 */

export type KeyEnvironment = 'live' | 'test';
export type KeyStatus = 'active' | 'revoked' | 'expired';

export interface RateLimitView {
  limit: number;
  window_seconds: number;
}

/** `GET /admin/keys/:id`, each item of `GET /admin/keys`. */
export interface KeyView {
  id: string;
  public_id: string;
  prefix: string;
  name: string;
  description: string | null;
  environment: KeyEnvironment;
  status: KeyStatus;
  /** Active and expiring within seven days. */
  expiring_soon: boolean;
  scopes: string[];
  allowed_paths: string[];
  allowed_ips: string[];
  rate_limit: RateLimitView;
  webhook_connection_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/** What create, rotate and webhook create/regenerate add: the secret, shown this once. */
export interface IssuedSecret {
  secret: string;
}

/** `POST /admin/keys/:id/revoke`: how many gateway replicas confirmed they evicted the key. */
export interface RevocationView extends KeyView {
  replicas_confirmed: number;
  replicas_known: number;
}

/**
 * How many gateway replicas confirmed a change that must hold at once: a rotation (the old secret's
 * access tokens), a user's role, status or password change, a user's removal.
 */
export interface PropagationView {
  replicas_confirmed: number;
  replicas_known: number;
}

/** `POST /admin/keys/:id/rotate`: the new secret, the old one's grace end, and the propagation. */
export interface RotationView extends KeyView, IssuedSecret, PropagationView {
  previous_secret_valid_until: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
  kind: 'human' | 'service';
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

export interface WebhookConnectionView {
  id: string;
  name: string;
  key_id: string;
  status: 'active' | 'revoked';
  /** Where the sender posts, e.g. `/v1/webhooks/whc_…/events`. */
  ingest_path: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

export interface IssuancePolicyView {
  max_key_lifetime_days: number | null;
  allow_never_expiring_keys: boolean;
  write_scopes_require_ip_allowlist: boolean;
  user_token_ttl_seconds: number;
  service_token_ttl_seconds: number;
}

/** Each item of `GET /audit/events` and of the live tail's `data:` lines. */
export interface AuditEventView {
  id: string;
  /** Arrival order in the store: the cursor and the SSE event id. */
  seq: number;
  type: string;
  source: string;
  subject: string | null;
  key_id: string | null;
  actor_id: string | null;
  outcome: string | null;
  occurred_at: string;
  received_at: string;
  chain_seq: number;
  hash: string;
  data: Record<string, unknown>;
}

export interface UsageBucketView {
  bucket_start: string;
  requests: number;
  /** HTTP status → requests. */
  by_status: Record<string, number>;
}

/** `GET /audit/keys/:id/usage`. */
export interface KeyUsageView {
  key_id: string;
  period: 'hour' | 'day';
  buckets: UsageBucketView[];
  total_requests: number;
  last_used_at: string | null;
  last_client_ip: string | null;
}

/** A page of a cursor-paginated list; `next_cursor` is null on the last page. */
export interface PageView<T> {
  data: T[];
  next_cursor?: string | null;
}

/**
 * The first link of an organisation's hash chain that does not verify. `id` is the event's, or
 * empty when the link is missing (`truncated`) or is a retention cut (`cut_unsigned`).
 * - `hash_mismatch`: the event's fields no longer give its stored hash (it was changed);
 * - `prev_hash_mismatch`, `gap`: an event was changed, removed or inserted before it;
 * - `checkpoint_mismatch`: the chain was rewritten (hashes recomputed) before a signed checkpoint;
 * - `checkpoint_unsigned`, `cut_unsigned`: a checkpoint or retention cut its signature does not
 *   cover, as that kind (a checkpoint's signature on a cut is `cut_unsigned`);
 * - `cut_discontinuous`: the retention cut does not join the chain it cuts: an event remains at or
 *   before it, the cuts do not account for every event before it, a checkpoint signed at its
 *   position names another hash, or the first event after it does not continue it;
 * - `truncated`: the chain ends before a signed checkpoint (events were cut off its end).
 */
export interface BrokenLinkView {
  id: string;
  chain_seq: number;
  reason:
    | 'hash_mismatch'
    | 'prev_hash_mismatch'
    | 'gap'
    | 'checkpoint_mismatch'
    | 'checkpoint_unsigned'
    | 'cut_unsigned'
    | 'cut_discontinuous'
    | 'truncated';
  expected: string;
  stored: string;
}

/** The chain recomputed from its start (or its last retention cut). */
export interface ChainReportView {
  org_id: string;
  ok: boolean;
  checked: number;
  /** Signed checkpoints found on the chain and matched (0 without the public key). */
  checkpoints_checked: number;
  /**
   * Of the checkpoints and the cut checked, those signed before signatures named their purpose
   * (ADR 0016): accepted by their payload's shape. 0 once retention has cut past them.
   */
  legacy_signatures: number;
  /** Where verification started: the genesis, or the last retention cut. */
  from_chain_seq: number;
  head: { chain_seq: number; hash: string } | null;
  first_broken: BrokenLinkView | null;
}

/** `GET /audit/verify`: the report and the newest signed checkpoint, checked against the public key. */
export interface ChainVerificationView extends ChainReportView {
  latest_checkpoint: { chain_seq: number; hash: string; signed_at: string; signature_valid: boolean } | null;
}
