import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../api/types';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { KeyTrail } from './KeyDetailPage';
import { testKey } from './test-key';

const MAYA = {
  id: 'usr_maya',
  email: 'maya@example.com',
  name: 'Maya Admin',
  role: 'admin',
  kind: 'human',
  status: 'active',
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
};

function event(extra: Partial<AuditEvent>): AuditEvent {
  return {
    id: 'evt_1',
    seq: 1,
    type: 'key.updated',
    source: 'latchkey/identity',
    subject: null,
    key_id: 'key_crm',
    actor_id: null,
    outcome: null,
    occurred_at: '2026-12-10T12:00:00.000Z',
    received_at: '2026-12-10T12:00:01.000Z',
    chain_seq: 1,
    hash: 'h',
    data: {},
    ...extra,
  };
}

describe('KeyTrail', () => {
  beforeEach(() => {
    const session = sessionFromToken(userToken({ sub: 'usr_1', role: 'owner' }), 'olivia@example.com');
    sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
  });

  it('shows actors by name and email and the key by its name; an id no longer found stays an id', async () => {
    const { fetchImpl } = fakeGateway((call: Call) => {
      if (call.path.startsWith('/admin/users'))
        return { status: 200, body: { data: [MAYA], next_cursor: null } };
      if (call.path.startsWith('/admin/keys'))
        return {
          status: 200,
          body: { data: [testKey({ id: 'key_crm', name: 'CRM sync' })], next_cursor: null },
        };
      return {
        status: 200,
        body: {
          data: [
            event({ id: 'evt_1', actor_id: 'usr_maya' }),
            event({ id: 'evt_2', seq: 2, actor_id: 'usr_gone' }),
          ],
          next_cursor: null,
        },
      };
    });
    renderWithProviders(<KeyTrail keyId="key_crm" />, fetchImpl);

    const table = await screen.findByRole('table', { name: /This key's audit events/ });
    const maya = await within(table).findByRole('link', { name: 'Maya Admin maya@example.com' });
    expect(maya).toHaveAttribute('href', '/users');
    expect(maya).toHaveAttribute('title', 'usr_maya');
    const keyLinks = within(table).getAllByRole('link', { name: 'CRM sync' });
    expect(keyLinks).toHaveLength(2);
    expect(keyLinks[0]).toHaveAttribute('href', '/keys/key_crm');
    expect(within(table).getByRole('link', { name: 'usr_gone' })).toHaveAttribute('title', 'usr_gone');
  });
});
