import { createHash } from 'node:crypto';
import { STORED_PATH_MAX } from '@latchkey/auth-core';
import type { AuthDeniedData, CloudEvent } from '@latchkey/contracts';
import { toEventRow } from './event-row';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const LONG = `/v1/${'z'.repeat(16 * 1024)}`;

function event(type: string, data: Record<string, unknown>): CloudEvent {
  return {
    specversion: '1.0',
    id: 'evt_1',
    source: 'latchkey/gateway',
    type: `dev.latchkey.${type}`,
    time: '2026-12-10T12:00:00.000Z',
    datacontenttype: 'application/json',
    orgid: 'org_1',
    data,
  };
}

const record: AuthDeniedData = {
  reason: 'path_not_allowed',
  key_id: 'key_1',
  route: 'GET /v1/*/…',
  count: 42,
  first_at: '2026-12-10T11:59:51.000Z',
  last_at: '2026-12-10T11:59:59.000Z',
  window_start: '2026-12-10T11:59:50.000Z',
  window_end: '2026-12-10T12:00:00.000Z',
  sample: {
    method: 'GET',
    path: '/v1/leads',
    path_sha256: sha256('/v1/leads'),
    path_truncated: false,
    ip: '10.0.0.1',
    status: 403,
    request_id: 'req-1',
  },
  decision_id: 'dcn_01JEXAMPLE0000000000000000',
  gateway: 'gw-1',
};

describe('how an event is stored', () => {
  it('an aggregated auth.denied record: its key and its outcome denied:<reason>, its payload as published', () => {
    const row = toEventRow(event('auth.denied', { ...record }));
    expect(row).toMatchObject({
      type: 'auth.denied',
      key_id: 'key_1',
      outcome: 'denied:path_not_allowed',
      data: record,
    });
  });

  it('a path too long is stored cut, with the hash of the whole: in a record’s sample, and in an old gateway’s one-refusal event', () => {
    const sampled = toEventRow(event('auth.denied', { ...record, sample: { ...record.sample, path: LONG } }));
    expect((sampled.data['sample'] as Record<string, unknown>)['path']).toBe(LONG.slice(0, STORED_PATH_MAX));
    expect(sampled.data['sample']).toMatchObject({ path_sha256: sha256(LONG), path_truncated: true });

    const legacy = toEventRow(
      event('auth.denied', { reason: 'unknown_key', path: LONG, method: 'GET', ip: '10.0.0.1', status: 401 }),
    );
    expect(legacy.outcome).toBe('denied:unknown_key');
    expect(legacy.data).toEqual({
      reason: 'unknown_key',
      path: LONG.slice(0, STORED_PATH_MAX),
      path_sha256: sha256(LONG),
      path_truncated: true,
      method: 'GET',
      ip: '10.0.0.1',
      status: 401,
    });
    expect(JSON.stringify(legacy.data).length).toBeLessThan(1024);
  });

  it('key.used: a long by_path name is cut, with the hash of the whole; short ones are untouched', () => {
    const label = `GET ${LONG}`;
    const row = toEventRow(
      event('key.used', { key_id: 'key_1', by_path: { [label]: 3, 'GET /v1/leads': 2 } }),
    );
    expect(row.data['by_path']).toEqual({
      [`${label.slice(0, STORED_PATH_MAX)}…sha256:${sha256(label)}`]: 3,
      'GET /v1/leads': 2,
    });
  });
});
