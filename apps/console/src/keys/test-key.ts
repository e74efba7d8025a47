import type { ApiKey } from '../api/types';

/** An active, never-expiring live key for component tests; override what a test is about. */
export function testKey(extra: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_1',
    public_id: 'lk_pub_1',
    prefix: 'lk_live_AbCd',
    name: 'CRM sync',
    description: null,
    environment: 'live',
    status: 'active',
    expiring_soon: false,
    scopes: ['leads:read'],
    allowed_paths: [],
    allowed_ips: [],
    rate_limit: { limit: 120, window_seconds: 60 },
    webhook_connection_id: null,
    canary: false,
    created_by: 'usr_1',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
    revoked_reason: null,
    leaked_at: null,
    leak: null,
    quarantined: false,
    dormant_at: null,
    ...extra,
  };
}
