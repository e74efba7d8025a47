import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionFromToken } from './session/session';
import { PolicyPage } from './policy/PolicyPage';
import { fakeGateway, renderWithProviders, userToken } from './test/render';
import { UsersPage } from './users/UsersPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

beforeEach(() => {
  // Signed in as an owner (usr_1), as the console would be after POST /auth/login.
  const session = sessionFromToken(userToken({ sub: 'usr_1', role: 'owner' }), 'olivia@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
});

const POLICY = {
  max_key_lifetime_days: null,
  allow_never_expiring_keys: true,
  write_scopes_require_ip_allowlist: false,
  user_token_ttl_seconds: 43_200,
  service_token_ttl_seconds: 2_592_000,
  leak_action: 'revoke',
  dormant_after_days: null,
};

describe('PolicyPage', () => {
  it('saves the issuance policy as the API takes it', async () => {
    const user = userEvent.setup();
    const gateway = fakeGateway((call) => ({
      status: 200,
      body: call.method === 'PUT' ? call.body : POLICY,
    }));
    renderWithProviders(
      <>
        <PolicyPage />
        <Toaster />
      </>,
      gateway.fetchImpl,
    );
    await user.type(await screen.findByLabelText(/Longest key lifetime/), '90');
    await user.click(screen.getByRole('checkbox', { name: 'Allow keys that never expire' }));
    await user.click(screen.getByRole('checkbox', { name: /must have an IP allow-list/ }));
    await user.clear(screen.getByLabelText('User sign-in lasts (hours)'));
    await user.type(screen.getByLabelText('User sign-in lasts (hours)'), '8');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));

    expect(await screen.findByText(/Policy saved/)).toBeInTheDocument();
    const put = gateway.calls.find((c) => c.method === 'PUT');
    expect(put).toMatchObject({ path: '/admin/policy', authorization: expect.stringMatching(/^Bearer /) });
    expect(put?.body).toEqual({
      max_key_lifetime_days: 90,
      allow_never_expiring_keys: false,
      write_scopes_require_ip_allowlist: true,
      user_token_ttl_seconds: 28_800,
      service_token_ttl_seconds: 2_592_000,
      leak_action: 'revoke',
      dormant_after_days: null,
    });
  });
});

describe('PolicyPage refusals', () => {
  it('never saves a typo as "no limit"', async () => {
    const user = userEvent.setup();
    const gateway = fakeGateway(() => ({ status: 200, body: POLICY }));
    renderWithProviders(<PolicyPage />, gateway.fetchImpl);
    await user.type(await screen.findByLabelText(/Longest key lifetime/), '30 days');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(screen.getByLabelText(/Longest key lifetime/)).toHaveAccessibleDescription(
      /A whole number of days/,
    );
    expect(gateway.calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});

describe('WebhooksPage', () => {
  it('creates a connection and shows its secret once, with the ingest path in the list', async () => {
    const user = userEvent.setup();
    const connection = {
      id: 'whc_1',
      name: 'Payments',
      key_id: 'key_9',
      status: 'active',
      ingest_path: '/v1/webhooks/whc_1/events',
      created_by: 'usr_1',
      created_at: '2026-12-01T10:00:00Z',
      revoked_at: null,
    };
    let created = false;
    const gateway = fakeGateway((call) => {
      if (call.method === 'POST' && call.path === '/admin/webhooks') {
        created = true;
        return { status: 201, body: { ...connection, secret: 'lk_live_secretvalue' } };
      }
      return { status: 200, body: { data: created ? [connection] : [] } };
    });
    renderWithProviders(<WebhooksPage />, gateway.fetchImpl);
    expect(await screen.findByText('No webhook connections yet.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Name'), 'Payments');
    await user.selectOptions(screen.getByLabelText('Environment'), 'test');
    await user.click(screen.getByRole('button', { name: 'Create connection' }));

    expect(await screen.findByLabelText('Secret')).toHaveValue('lk_live_secretvalue');
    expect(gateway.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Payments',
      environment: 'test',
    });
    expect(await screen.findByText('POST /v1/webhooks/whc_1/events')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByDisplayValue('lk_live_secretvalue')).not.toBeInTheDocument();
  });
});

describe('UsersPage', () => {
  const users = [
    {
      id: 'usr_1',
      email: 'olivia@example.com',
      name: 'Olivia',
      role: 'owner',
      kind: 'human',
      status: 'active',
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '',
    },
    {
      id: 'usr_2',
      email: 'maya@example.com',
      name: 'Maya',
      role: 'member',
      kind: 'human',
      status: 'active',
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '',
    },
  ];

  it('adds a user with a role, and never offers to change your own role', async () => {
    const user = userEvent.setup();
    const gateway = fakeGateway((call) =>
      call.method === 'GET'
        ? { status: 200, body: { data: users } }
        : { status: call.method === 'POST' ? 201 : 200, body: users[1] },
    );
    renderWithProviders(<UsersPage />, gateway.fetchImpl);
    await screen.findByLabelText('Role of Maya');
    expect(screen.queryByLabelText('Role of Olivia')).not.toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Add a user' });
    await user.type(within(form).getByLabelText('Email'), 'new@example.com');
    await user.type(within(form).getByLabelText('Name'), 'Newcomer');
    await user.selectOptions(within(form).getByLabelText('Role'), 'viewer');
    await user.type(within(form).getByLabelText(/Initial password/), 'a long enough password');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));
    expect(gateway.calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'new@example.com',
      name: 'Newcomer',
      role: 'viewer',
      password: 'a long enough password',
    });
  });
});
