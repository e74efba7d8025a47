import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { FindKeyBySecret } from './FindKeyBySecret';
import { testKey } from './test-key';

// Shaped like a secret, but no key's: its checksum is wrong, so no scanner should take it for one.
const SECRET = `lk_live_${'Example0'.repeat(5)}NotKey`;

function renderBox(role: string, respond: (call: Call) => { status: number; body?: unknown }) {
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify(sessionFromToken(userToken({ sub: 'usr_1', role }), 'vera@example.com')),
  );
  const gateway = fakeGateway(respond);
  renderWithProviders(<FindKeyBySecret />, gateway.fetchImpl);
  return gateway;
}

const problem = (status: number, code: string, detail: string) => ({
  status,
  body: { type: 'about:blank', title: code, status, code, detail, request_id: 'req_1' },
});

describe('FindKeyBySecret', () => {
  it('takes the secret in a password field, POSTs it in the body, clears the field and links the key', async () => {
    const user = userEvent.setup();
    const gateway = renderBox('viewer', () => ({
      status: 200,
      body: testKey({ id: 'key_7', name: 'CRM sync', status: 'revoked' }),
    }));
    const field = screen.getByLabelText(/^Secret/);
    expect(field).toHaveAttribute('type', 'password');
    expect(field).toHaveAttribute('autocomplete', 'off');
    await user.type(field, SECRET);
    await user.click(screen.getByRole('button', { name: 'Find key' }));

    const link = await screen.findByRole('link', { name: 'CRM sync' });
    expect(link).toHaveAttribute('href', '/keys/key_7');
    expect(screen.getByText('revoked')).toBeInTheDocument();
    expect(field).toHaveValue('');
    expect(gateway.calls).toEqual([
      expect.objectContaining({ method: 'POST', path: '/admin/keys/lookup', body: { secret: SECRET } }),
    ]);
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('says plainly when no key of the organisation has the secret, and clears the field', async () => {
    const user = userEvent.setup();
    renderBox('owner', () => problem(404, 'not_found', 'no key of your organisation has this secret'));
    await user.type(screen.getByLabelText(/^Secret/), SECRET);
    await user.click(screen.getByRole('button', { name: 'Find key' }));
    expect(await screen.findByText('No key of your organisation has this secret.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Secret/)).toHaveValue('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why a malformed secret was refused, without the secret', async () => {
    const user = userEvent.setup();
    renderBox('owner', () =>
      problem(400, 'invalid_request', 'secret: not a Latchkey secret: its checksum does not match'),
    );
    await user.type(screen.getByLabelText(/^Secret/), 'lk_live_typo');
    await user.click(screen.getByRole('button', { name: 'Find key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/checksum does not match/);
    expect(screen.getByLabelText(/^Secret/)).toHaveValue('');
    expect(document.body.innerHTML).not.toContain('lk_live_typo');
  });

  it('sends nothing for an empty field', async () => {
    const gateway = renderBox('owner', () => ({ status: 200, body: testKey() }));
    expect(screen.getByRole('button', { name: 'Find key' })).toBeDisabled();
    expect(gateway.calls).toEqual([]);
  });
});
