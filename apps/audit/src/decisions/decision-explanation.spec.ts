import { DENIAL_REASONS, type AuthDeniedData } from '@latchkey/contracts';
import { explainDenial, sentenceFor } from './decision-explanation';

const record = (over: Partial<AuthDeniedData> = {}): AuthDeniedData => ({
  reason: 'insufficient_scope',
  key_id: 'key_1',
  route: 'GET /v1/invoices',
  count: 3,
  first_at: '2026-12-04T10:00:00.000Z',
  last_at: '2026-12-04T10:00:05.000Z',
  window_start: '2026-12-04T10:00:00.000Z',
  window_end: '2026-12-04T10:00:10.000Z',
  sample: {
    method: 'GET',
    path: '/v1/invoices',
    path_sha256: 'x'.repeat(64),
    path_truncated: false,
    ip: '203.0.113.7',
    status: 403,
    request_id: 'req_1',
  },
  key_state: {
    status: 'active',
    scopes: ['leads:read'],
    allowed_paths: [],
    allowed_ips: [],
    rate_limit: { limit: 5, window_seconds: 60 },
    expires_at: null,
    canary: false,
  },
  required_scope: 'invoices:read',
  decision_id: 'dcn_1',
  gateway: 'gw-1',
  ...over,
});

describe('explaining a refusal record (ADR 0023)', () => {
  it('names the missing scope, the scopes the key held and the code the caller saw', () => {
    const view = explainDenial({ eventId: 'evt_1', data: record() });
    expect(view).toMatchObject({
      decision_id: 'dcn_1',
      reason: 'insufficient_scope',
      error_code: 'insufficient_scope',
      status: 403,
      required_scope: 'invoices:read',
      rate_limit: null,
      key_id: 'key_1',
      audit_event_id: 'evt_1',
      count: 3,
    });
    expect(view?.explanation).toContain('requires invoices:read');
    expect(view?.explanation).toContain('holds leads:read');
  });

  it('names the limit and window of a rate-limited key', () => {
    const view = explainDenial({
      eventId: 'evt_2',
      data: record({
        reason: 'rate_limited',
        required_scope: undefined,
        sample: { ...record().sample, status: 429 },
      }),
    });
    expect(view).toMatchObject({ rate_limit: { limit: 5, window_seconds: 60 }, error_code: 'rate_limited' });
    expect(view?.explanation).toBe('Rate limit reached: 5 requests per 60 s.');
  });

  it('says canary for a canary key, while its code is an unknown key’s', () => {
    const view = explainDenial({
      eventId: 'evt_3',
      data: record({ reason: 'canary', sample: { ...record().sample, status: 401 } }),
    });
    expect(view).toMatchObject({ reason: 'canary', error_code: 'invalid_api_key' });
  });

  it('has a sentence for every denial reason the gateway records', () => {
    for (const reason of DENIAL_REASONS) {
      const text = sentenceFor(reason, {
        requiredScope: undefined,
        state: null,
        route: 'GET /',
        ip: '::1',
        path: '/',
      });
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it('explains nothing for an event from before aggregation (no decision id)', () => {
    expect(
      explainDenial({
        eventId: 'evt_4',
        data: { reason: 'revoked', path: '/v1', method: 'GET', ip: '::1', status: 401 },
      }),
    ).toBeUndefined();
  });
});
