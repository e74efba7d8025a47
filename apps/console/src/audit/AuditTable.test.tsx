import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { AuthDeniedData } from '@latchkey/contracts';
import type { AuditEvent } from '../api/types';
import { AuditTable, describeEvent } from './AuditTable';

function denied(data: Record<string, unknown>, key_id: string | null = null): AuditEvent {
  return {
    id: 'evt_1',
    seq: 1,
    type: 'auth.denied',
    source: 'latchkey/gateway',
    subject: key_id,
    key_id,
    actor_id: null,
    outcome: `denied:${String(data['reason'])}`,
    occurred_at: '2026-12-10T12:00:00.000Z',
    received_at: '2026-12-10T12:00:01.000Z',
    chain_seq: 1,
    hash: 'h',
    data,
  };
}

const record: AuthDeniedData = {
  reason: 'insufficient_scope',
  key_id: 'key_1',
  route: 'GET /v1/leads/:id',
  count: 1234,
  first_at: '2026-12-10T11:59:51.000Z',
  last_at: '2026-12-10T11:59:59.000Z',
  window_start: '2026-12-10T11:59:50.000Z',
  window_end: '2026-12-10T12:00:00.000Z',
  sample: {
    method: 'GET',
    path: '/v1/leads/led_1',
    path_sha256: 'ab'.repeat(32),
    path_truncated: false,
    ip: '203.0.113.9',
    status: 403,
    request_id: 'req-1',
  },
  decision_id: 'dcn_1',
  gateway: 'gw-1',
};

describe('refusals in the audit trail', () => {
  it('a record says how many refusals, of what, on which route, with one request as example', () => {
    const text = describeEvent(denied({ ...record }, 'key_1'));
    expect(text).toContain('Refused (403) 1,234 times');
    expect(text).toContain('insufficient scope on GET /v1/leads/:id');
    expect(text).toContain('e.g. GET /v1/leads/led_1 from 203.0.113.9');
  });

  it('a record of one refusal says once; a cut path is marked as cut', () => {
    const text = describeEvent(
      denied({ ...record, count: 1, sample: { ...record.sample, path: '/v1/aaaa', path_truncated: true } }),
    );
    expect(text).toContain('Refused (403) once');
    expect(text).toContain('GET /v1/aaaa… from');
  });

  it('refusals tied to no organisation name their source network; overflow records say what they count', () => {
    expect(
      describeEvent(
        denied({ ...record, key_id: undefined, source_network: '198.51.100.0/24', reason: 'unknown_key' }),
      ),
    ).toContain('from 198.51.100.0/24: unknown key on GET /v1/leads/:id');
    const overflow = describeEvent(denied({ ...record, key_id: undefined, route: '*', overflow: 'budget' }));
    expect(overflow).toContain('1,234 times: insufficient scope (beyond the number of distinct records');
    expect(overflow).not.toContain(' on *');
  });

  it('an event stored before refusals were aggregated still reads as one refusal', () => {
    expect(
      describeEvent(
        denied({
          reason: 'revoked',
          key_id: 'key_1',
          path: '/v1/leads',
          method: 'GET',
          ip: '10.0.0.1',
          status: 401,
        }),
      ),
    ).toBe('Refused (401): revoked on GET /v1/leads from 10.0.0.1');
  });

  it('the table shows the record in its row, with its outcome', () => {
    render(
      <MemoryRouter>
        <AuditTable events={[denied({ ...record }, 'key_1')]} caption="Trail" />
      </MemoryRouter>,
    );
    const row = within(screen.getByRole('table')).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('denied:insufficient_scope');
    expect(row).toHaveTextContent('1,234 times');
  });
});

function updated(data: Record<string, unknown>): AuditEvent {
  return { ...denied({}, 'key_1'), type: 'key.updated', outcome: null, data };
}

describe('key.updated in the audit trail', () => {
  it('an update that says what changed shows only those fields, before and after', () => {
    render(
      <MemoryRouter>
        <AuditTable
          caption="Trail"
          events={[
            updated({
              key_id: 'key_1',
              changes: ['name', 'scopes'],
              diff: {
                name: { old: 'CRM sync', new: 'CRM sync v2' },
                scopes: { old: ['leads:read'], new: ['leads:read', 'leads:write'] },
              },
            }),
          ]}
        />
      </MemoryRouter>,
    );
    const diff = screen.getByRole('table', { name: 'What changed' });
    const rows = within(diff).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      'nameCRM syncCRM sync v2',
      'scopesleads:readleads:read, leads:write',
    ]);
    expect(within(diff).queryByText('rate limit')).toBeNull();
  });

  it('an update recorded before diff existed (field names only) reads as a sentence, as before', () => {
    const event = updated({ key_id: 'key_1', changes: ['name', 'rate_limit'], scopes: ['leads:read'] });
    expect(describeEvent(event)).toBe('Changed name, rate limit; scopes now leads:read');
    render(
      <MemoryRouter>
        <AuditTable caption="Trail" events={[event]} />
      </MemoryRouter>,
    );
    expect(screen.queryByRole('table', { name: 'What changed' })).toBeNull();
    expect(screen.getByRole('table', { name: 'Trail' })).toHaveTextContent('Changed name, rate limit');
  });
});

describe('expiry warnings and dormancy in the audit trail', () => {
  const event = (type: string, data: Record<string, unknown>): AuditEvent => ({
    ...denied({}),
    type,
    source: 'latchkey/identity',
    outcome: 'success',
    data,
  });

  it('says which warning, which key went dormant, and that it was enabled', () => {
    expect(
      describeEvent(
        event('key.expiring', {
          key_id: 'key_1',
          name: 'CRM sync',
          expires_at: '2026-12-17T12:00:00.000Z',
          days_left: 7,
          actor: { type: 'system', id: 'expiry-sweeper' },
        }),
      ),
    ).toMatch(/^“CRM sync” expires within 7 days \(/);
    expect(
      describeEvent(
        event('key.dormant', {
          key_id: 'key_1',
          name: 'CRM sync',
          dormant_after_days: 90,
          last_used_at: null,
          actor: { type: 'system', id: 'expiry-sweeper' },
        }),
      ),
    ).toBe('“CRM sync” disabled as dormant: unused for 90 days');
    expect(
      describeEvent(event('key.enabled', { key_id: 'key_1', dormant_at: '2026-12-01T00:00:00.000Z' })),
    ).toMatch(/^Enabled again \(dormant since /);
  });
});

describe('a bulk revocation in the audit trail', () => {
  it('says how many keys one plan revoked, why, and how many it left', () => {
    const event = {
      ...denied({}),
      type: 'keys.bulk_revoked',
      outcome: null,
      data: { plan_id: 'rvp_1', count: 3, key_ids: [], skipped_key_ids: ['key_9'], reason: 'leaked runner' },
    } as AuditEvent;
    expect(describeEvent(event)).toBe('Revoked 3 keys by plan rvp_1: leaked runner; 1 left as they were');
  });
});
