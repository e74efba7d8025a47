import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';
import { ChangePasswordForm } from './ChangePasswordForm';
import { sessionFromToken } from './session';

const STORED = 'latchkey.console.session';

beforeEach(() => {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role: 'viewer' }), 'vera@example.com');
  sessionStorage.setItem(STORED, JSON.stringify(session));
});

function renderForm(respond: Parameters<typeof fakeGateway>[0]) {
  const gateway = fakeGateway(respond);
  renderWithProviders(
    <>
      <ChangePasswordForm />
      <Toaster />
    </>,
    gateway.fetchImpl,
  );
  return gateway;
}

async function fill(current: string, next: string, repeat = next) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
  await user.type(screen.getByLabelText('New password again'), repeat);
  await user.keyboard('{Enter}');
}

describe('changing your own password', () => {
  it('sends both passwords, adopts the new token the answer carries and says so', async () => {
    const renewed = userToken({ sub: 'usr_1', role: 'viewer' });
    const gateway = renderForm(() => ({
      status: 200,
      body: { access_token: renewed, token_type: 'Bearer', expires_in: 43_200, propagation: {} },
    }));
    await fill('old password here', 'a brand new passphrase');
    expect(await screen.findByText(/Password changed/)).toBeInTheDocument();
    const call = gateway.calls.find((c) => c.path === '/auth/password');
    expect(call?.body).toEqual({
      current_password: 'old password here',
      new_password: 'a brand new passphrase',
    });
    // This tab keeps working with the token that replaced the ended ones.
    expect(JSON.parse(sessionStorage.getItem(STORED) ?? '{}').token).toBe(renewed);
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });

  it('refuses a short or unrepeated new password beside its field, without asking the server', async () => {
    const gateway = renderForm(() => ({ status: 500 }));
    await fill('old password here', 'short', 'shorter');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      'New password must be at least 12 characters.',
    );
    expect(screen.getByLabelText('New password again')).toHaveAccessibleDescription(
      'The two new passwords are not the same.',
    );
    expect(gateway.calls.filter((c) => c.path === '/auth/password')).toHaveLength(0);
  });

  it('shows a refused current password with the request id, and keeps the session', async () => {
    const before = sessionStorage.getItem(STORED);
    renderForm(() => ({
      status: 403,
      headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req-1' },
      body: {
        type: 'https://latchkey.dev/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        code: 'forbidden',
        detail: 'current_password: does not match',
        request_id: '7f1d2c3b-1111-4222-8333-444455556666',
      },
    }));
    await fill('not my password', 'a brand new passphrase');
    expect(await screen.findByRole('alert')).toHaveTextContent('7f1d2c3b-1111-4222-8333-444455556666');
    expect(sessionStorage.getItem(STORED)).toBe(before);
  });
});
