import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { describe, expect, it } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { PolicyPage } from './PolicyPage';

const POLICY = {
  max_key_lifetime_days: 90,
  allow_never_expiring_keys: false,
  write_scopes_require_ip_allowlist: true,
  user_token_ttl_seconds: 43_200,
  service_token_ttl_seconds: 2_592_000,
  leak_action: 'revoke',
};

function renderAs(role: string, respond: (call: Call) => { status: number; body?: unknown }) {
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify(sessionFromToken(userToken({ sub: 'usr_1', role }), 'olivia@example.com')),
  );
  const gateway = fakeGateway((call) =>
    call.method === 'GET' ? { status: 200, body: POLICY } : respond(call),
  );
  renderWithProviders(
    <>
      <PolicyPage />
      <Toaster />
    </>,
    gateway.fetchImpl,
  );
  return gateway;
}

describe('PolicyPage', () => {
  it('says in a toast that the policy was saved', async () => {
    const user = userEvent.setup();
    renderAs('admin', (call) => ({ status: 200, body: call.body }));
    await user.click(await screen.findByRole('button', { name: 'Save policy' }));
    expect(
      await screen.findAllByText('Policy saved. It applies to keys issued from now on.'),
    ).not.toHaveLength(0);
  });

  it('puts the server’s refusal of a field next to that field, in words, once', async () => {
    const user = userEvent.setup();
    renderAs('owner', () => ({
      status: 400,
      body: {
        code: 'invalid_request',
        request_id: 'r-5',
        errors: [{ field: 'user_token_ttl_seconds', message: 'Too big: expected number to be <=2592000' }],
      },
    }));
    await user.click(await screen.findByRole('button', { name: 'Save policy' }));

    const field = screen.getByLabelText('User sign-in lasts (hours)');
    expect(
      await screen.findByText('User sign-in length in seconds can be at most 2592000.'),
    ).toBeInTheDocument();
    expect(field).toHaveAccessibleDescription('User sign-in length in seconds can be at most 2592000.');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    const summary = screen.getByRole('alert');
    expect(summary).toHaveTextContent('Please fix the highlighted fields.');
    expect(summary).toHaveTextContent('Request id: r-5');
    expect(within(summary).queryByText(/at most/)).not.toBeInTheDocument();
  });

  it('shows a viewer the policy in words, with no form to submit', async () => {
    const gateway = renderAs('viewer', () => ({ status: 500 }));
    expect(await screen.findByText('90 days')).toBeInTheDocument();
    expect(screen.getByText('Must have an IP allow-list')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(gateway.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('sets dormant_after_days: a number under 7 days is refused in the form, a valid one is sent, empty is off', async () => {
    const user = userEvent.setup();
    const gateway = renderAs('owner', (call) => ({ status: 200, body: call.body }));
    const field = await screen.findByLabelText('Disable keys unused for (days; empty: never)');
    expect(field).toHaveValue('');
    await user.type(field, '3');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(field).toHaveAccessibleDescription(/from 7 to 3650/);
    expect(gateway.calls.filter((c) => c.method === 'PUT')).toEqual([]);
    await user.clear(field);
    await user.type(field, '90');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    await waitFor(() =>
      expect(gateway.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
        expect.objectContaining({ dormant_after_days: 90 }),
      ]),
    );
  });
});
