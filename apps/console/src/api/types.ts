/** The gateway API's shapes the console reads (see /docs/openapi.json). */

export type Environment = 'live' | 'test';
export type KeyStatus = 'active' | 'revoked' | 'expired';
export type UserRole = 'owner' | 'admin' | 'member' | 'viewer';

export interface RateLimit {
  limit: number;
  window_seconds: number;
}

export interface ApiKey {
  id: string;
  public_id: string;
  prefix: string;
  name: string;
  description: string | null;
  environment: Environment;
  status: KeyStatus;
  expiring_soon: boolean;
  scopes: string[];
  allowed_paths: string[];
  allowed_ips: string[];
  rate_limit: RateLimit;
  webhook_connection_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface Page<T> {
  data: T[];
  next_cursor?: string | null;
}

/** Create and rotate answers: the only responses that ever hold a secret. */
export interface IssuedKey extends ApiKey {
  secret: string;
}

export interface RevokeResult extends ApiKey {
  replicas_confirmed: number;
  replicas_known: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  kind: 'human' | 'service';
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

export interface WebhookConnection {
  id: string;
  name: string;
  key_id: string;
  status: 'active' | 'revoked';
  ingest_path: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** Create and regenerate answers carry the connection key's secret, once. */
export interface IssuedWebhookConnection extends WebhookConnection {
  secret: string;
}

export interface IssuancePolicy {
  max_key_lifetime_days: number | null;
  allow_never_expiring_keys: boolean;
  write_scopes_require_ip_allowlist: boolean;
  user_token_ttl_seconds: number;
  service_token_ttl_seconds: number;
}

export interface AuditEvent {
  id: string;
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

export interface UsageBucket {
  bucket_start: string;
  requests: number;
  by_status: Record<string, number>;
}

export interface KeyUsage {
  key_id: string;
  period: 'hour' | 'day';
  buckets: UsageBucket[];
  total_requests: number;
  last_used_at: string | null;
  last_client_ip: string | null;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  first_broken: { chain_seq: number; event_id?: string; reason?: string } | null;
  latest_checkpoint: { chain_seq: number; signed_at: string; signature_valid: boolean } | null;
}
