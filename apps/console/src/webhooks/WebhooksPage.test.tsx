import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { WebhooksPage } from './WebhooksPage';

const CONNECTION = {
  id: 'whc_1',
  name: 'Payments',
  key_id: 'key_9',
  status: 'active',
  ingest_path: '/v1/webhooks/whc_1/events',
  created_by: 'usr_1',
  created_at: '2026-12-01T10:00:00Z',
  revoked_at: null,
};

const signInAs = (role: string) =>
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify(sessionFromToken(userToken({ sub: 'usr_1', role }), 'olivia@example.com')),
  );

function renderPage(respond: (call: Call) => { status: number; body?: unknown }) {
  const gateway = fakeGateway((call) =>
    call.method === 'GET' ? { status: 200, body: { data: [CONNECTION] } } : respond(call),
  );
  renderWithProviders(
    <>
      <WebhooksPage />
      <Toaster />
    </>,
    gateway.fetchImpl,
  );
  return gateway;
}

describe('WebhooksPage confirmations', () => {
  beforeEach(() => signInAs('owner'));

  it('revokes a connection only once confirmed in the dialog, then says so', async () => {
    const user = userEvent.setup();
    const gateway = renderPage(() => ({ status: 200, body: { ...CONNECTION, status: 'revoked' } }));
    const revoke = await screen.findByRole('button', { name: 'Revoke Payments' });

    await user.click(revoke);
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke “Payments”?' });
    expect(dialog).toHaveAccessibleDescription(/requests will be refused/);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(revoke).toHaveFocus());
    expect(gateway.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(revoke);
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke connection' }),
    );
    expect(await screen.findByText('“Payments” was revoked.')).toBeInTheDocument();
    expect(gateway.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/admin/webhooks/whc_1/revoke',
    ]);
  });

  it('shows a refused name once, next to the Name field, and only a pointer in the summary', async () => {
    const user = userEvent.setup();
    renderPage(() => ({
      status: 400,
      body: {
        code: 'invalid_request',
        detail: 'name: Too big: expected string to have <=200 characters',
        request_id: 'r-7',
        errors: [{ field: 'name', message: 'Too big: expected string to have <=200 characters' }],
      },
    }));
    await user.type(await screen.findByLabelText('Name'), 'Payments');
    await user.click(screen.getByRole('button', { name: 'Create connection' }));

    const name = screen.getByLabelText('Name');
    await waitFor(() => expect(name).toHaveAccessibleDescription('Name can be at most 200 characters.'));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText(/at most 200 characters/)).toHaveLength(1);
    expect(screen.queryByText(/Too big/)).not.toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'New connection' });
    expect(within(form).getByRole('alert')).toHaveTextContent(
      /^Please fix the highlighted fields\.Request id: r-7$/,
    );
  });

  it('shows a member the connections with nothing to create, regenerate or revoke', async () => {
    signInAs('member');
    renderPage(() => ({ status: 500 }));
    expect(await screen.findByText('POST /v1/webhooks/whc_1/events')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});
