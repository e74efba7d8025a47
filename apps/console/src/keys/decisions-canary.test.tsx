import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';
import { KeysPage } from './KeysPage';
import { SimulateForm } from './SimulateForm';
import { testKey } from './test-key';

function signIn(role: string) {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role }), 'someone@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
}

describe('simulating a request and canary keys in the console', () => {
  it('sends the method, path and address to simulate and shows the gateway’s decision in words', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway(() => ({
      status: 200,
      body: {
        outcome: 'denied',
        status: 403,
        reason: 'insufficient_scope',
        error_code: 'insufficient_scope',
        explanation: 'Scope missing: GET /v1/invoices requires invoices:read.',
        route: 'GET /v1/invoices',
        required_scope: 'invoices:read',
        rate_limit: { limit: 120, window_seconds: 60, remaining: 120 },
        key_state: {
          status: 'active',
          scopes: ['leads:read'],
          allowed_paths: [],
          allowed_ips: [],
          rate_limit: { limit: 120, window_seconds: 60 },
          expires_at: null,
          canary: false,
        },
      },
    }));
    renderWithProviders(<SimulateForm keyId="key_1" />, fake.fetchImpl);
    await user.clear(screen.getByLabelText('Path'));
    await user.type(screen.getByLabelText('Path'), '/v1/invoices');
    await user.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(await screen.findByTestId('simulation')).toHaveTextContent(
      'Refused 403 insufficient_scope — insufficient_scope: Scope missing: GET /v1/invoices requires invoices:read.',
    );
    expect(fake.calls[0]).toMatchObject({
      method: 'POST',
      path: '/admin/keys/key_1/simulate',
      body: { method: 'GET', path: '/v1/invoices', ip: '203.0.113.7' },
    });
  });

  it('marks canary keys in the list and asks the API to hide them when the filter says so', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway(() => ({
      status: 200,
      body: { data: [testKey({ id: 'key_c', name: 'Decoy', canary: true })], next_cursor: null },
    }));
    renderWithProviders(<KeysPage />, fake.fetchImpl);
    expect(await screen.findByText('canary')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Canary keys'), 'Hidden');
    await screen.findByText('canary');
    expect(fake.calls.some((c) => c.path.includes('canary=false'))).toBe(true);
  });
});
