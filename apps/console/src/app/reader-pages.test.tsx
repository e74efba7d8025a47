import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../api/types';
import { testKey } from '../keys/test-key';
import { fakeGateway, userToken, type Call } from '../test/render';
import { App } from './App';

/**
 * ADR 0019: a viewer (and a member) reads every page of the organisation, and the page offers no
 * control its role would be refused: the controls are absent, not disabled-then-refused.
 */
const KEYS = [
  testKey({ id: 'key_crm', name: 'CRM sync' }),
  testKey({ id: 'key_old', name: 'Old', status: 'revoked' }),
];
const USERS = [
  {
    id: 'usr_1',
    email: 'vera@example.com',
    name: 'Vera Viewer',
    role: 'viewer',
    kind: 'human',
    status: 'active',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  },
  {
    id: 'usr_2',
    email: 'olivia@example.com',
    name: 'Olivia Owner',
    role: 'owner',
    kind: 'human',
    status: 'active',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  },
];
const CONNECTION = {
  id: 'whc_1',
  name: 'Payments',
  key_id: 'key_9',
  status: 'active',
  ingest_path: '/v1/webhooks/whc_1/events',
  created_by: 'usr_2',
  created_at: '2026-12-01T10:00:00Z',
  revoked_at: null,
};
const POLICY = {
  max_key_lifetime_days: 90,
  allow_never_expiring_keys: false,
  write_scopes_require_ip_allowlist: true,
  user_token_ttl_seconds: 43_200,
  service_token_ttl_seconds: 2_592_000,
};
const EVENT = {
  id: 'evt_1',
  seq: 1,
  type: 'key.revoked',
  source: 'latchkey/identity',
  subject: null,
  key_id: 'key_crm',
  actor_id: 'usr_2',
  outcome: null,
  occurred_at: '2026-12-10T12:00:00.000Z',
  received_at: '2026-12-10T12:00:01.000Z',
  chain_seq: 1,
  hash: 'h',
  data: { reason: 'leaked' },
};

function answer(call: Call) {
  const page = (data: unknown[]) => ({ status: 200, body: { data, next_cursor: null } });
  if (call.method !== 'GET')
    return { status: 403, body: { code: 'forbidden', title: 'Forbidden', status: 403 } };
  if (call.path.startsWith('/admin/keys/key_crm')) return { status: 200, body: KEYS[0] };
  if (call.path.startsWith('/admin/keys')) return page(KEYS);
  if (call.path.startsWith('/admin/users')) return page(USERS);
  if (call.path.startsWith('/admin/webhooks')) return page([CONNECTION]);
  if (call.path.startsWith('/admin/policy')) return { status: 200, body: POLICY };
  if (call.path.startsWith('/audit/keys/'))
    return { status: 200, body: { key_id: 'key_crm', period: 'day', buckets: [] } };
  if (call.path.startsWith('/audit/verify')) return { status: 200, body: { ok: true } };
  return page([EVENT]);
}

function openAs(role: UserRole, path: string) {
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify({
      token: userToken({ role }),
      email: `${role}@example.com`,
      userId: 'usr_1',
      orgId: 'org_1',
      role,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    }),
  );
  window.history.pushState({}, '', `/console${path}`);
  const gateway = fakeGateway(answer);
  render(<App fetchImpl={gateway.fetchImpl} />);
  return gateway;
}

/** Names of the write controls any page offers its managers. */
const WRITE_CONTROL =
  /create|rotate|regenerate|revoke|delete|remove|save|add|edit|reset|invite|select “|change role/i;

function expectNoWriteControls() {
  const controls = [...screen.queryAllByRole('button'), ...screen.queryAllByRole('link')]
    .map((element) => element.textContent?.trim() ?? '')
    .filter((name) => WRITE_CONTROL.test(name));
  expect(controls).toEqual([]);
  expect(screen.queryAllByRole('checkbox')).toEqual([]);
  expect(screen.queryByRole('combobox', { name: /role/i })).toBeNull();
}

describe.each(['viewer', 'member'] as const)('the console for a %s (read only)', (role) => {
  afterEach(() => window.history.pushState({}, '', '/'));

  it('lists the keys with no create, selection or bulk revoke', async () => {
    const gateway = openAs(role, '/keys');
    expect(await screen.findByRole('link', { name: 'CRM sync' })).toBeInTheDocument();
    expectNoWriteControls();
    expect(screen.queryByRole('group', { name: 'Selected keys' })).toBeNull();
    expect(gateway.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('shows a key with no edit, rotate, regenerate, revoke or delete', async () => {
    const gateway = openAs(role, '/keys/key_crm');
    expect(await screen.findByRole('heading', { level: 1, name: 'CRM sync' })).toBeInTheDocument();
    expectNoWriteControls();
    expect(gateway.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('lists the users with no role select, add form or remove', async () => {
    openAs(role, '/users');
    expect(await screen.findByText('Olivia Owner')).toBeInTheDocument();
    expectNoWriteControls();
    expect(screen.queryAllByRole('combobox')).toEqual([]);
  });

  it('lists the webhook connections with no create, regenerate or revoke', async () => {
    openAs(role, '/webhooks');
    expect(await screen.findByText('Payments')).toBeInTheDocument();
    expectNoWriteControls();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('shows the policy in words, with no form to submit', async () => {
    openAs(role, '/policy');
    expect(await screen.findByText('90 days')).toBeInTheDocument();
    expectNoWriteControls();
    expect(document.querySelector('form[class="card"]')).toBeNull();
  });

  it('reads the audit trail', async () => {
    openAs(role, '/audit');
    expect(await screen.findByRole('heading', { name: 'Audit trail' })).toBeInTheDocument();
    expect(await screen.findAllByText('key.revoked')).not.toEqual([]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
