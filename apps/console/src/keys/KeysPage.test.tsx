import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { describe, expect, it } from 'vitest';
import type { ApiKey } from '../api/types';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';
import { KeysPage } from './KeysPage';
import { testKey } from './test-key';

const key = (id: string, name: string, extra: Partial<ApiKey> = {}): ApiKey =>
  testKey({ id, public_id: `lk_pub_${id}`, prefix: `lk_live_${id}`, name, ...extra });
const KEYS = [
  key('key_a', 'Alpha', {
    scopes: ['leads:read', 'leads:write', 'projects:read', 'invoices:read', 'transactions:read'],
  }),
  key('key_b', 'Bravo'),
  key('key_c', 'Charlie'),
];

function signIn(role: string) {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role }), 'someone@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
}

function gateway() {
  return fakeGateway((call) => {
    if (call.method === 'GET') return { status: 200, body: { data: KEYS, next_cursor: null } };
    if (call.path === '/admin/keys/key_b/revoke')
      return {
        status: 409,
        body: { type: 'about:blank', title: 'Conflict', status: 409, code: 'conflict', request_id: 'req-b' },
      };
    return { status: 200, body: { ...KEYS[0], status: 'revoked', replicas_confirmed: 1, replicas_known: 1 } };
  });
}

describe('KeysPage', () => {
  it('lets an owner revoke selected keys after a confirmation with their count, listing each result', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = gateway();
    renderWithProviders(
      <>
        <KeysPage />
        <Toaster />
      </>,
      fake.fetchImpl,
    );
    await user.click(await screen.findByRole('checkbox', { name: 'Select “Alpha”' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select “Bravo”' }));
    await user.click(screen.getByRole('button', { name: 'Revoke 2 keys' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke 2 keys?' });
    expect(dialog).toHaveTextContent('Every integration using these 2 keys stops working');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke 2 keys' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(/Say why/);
    await user.type(within(dialog).getByLabelText('Reason'), 'rotating vendors');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke 2 keys' }));

    expect(
      await within(dialog).findByText(/Done: Revoked 1 key; 1 key could not be revoked/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Bravo/).closest('li')).toHaveTextContent('Request id: req-b');
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([
      ['/admin/keys/key_a/revoke', { reason: 'rotating vendors' }],
      ['/admin/keys/key_b/revoke', { reason: 'rotating vendors' }],
    ]);
    expect(await screen.findByText('Revoked 1 key; 1 key could not be revoked.')).toBeInTheDocument();
  });

  it('gives focus back to the bulk revoke button once the revoked keys have left the selection', async () => {
    signIn('owner');
    const user = userEvent.setup();
    renderWithProviders(<KeysPage />, gateway().fetchImpl);
    await user.click(await screen.findByRole('checkbox', { name: 'Select “Alpha”' }));
    await user.click(screen.getByRole('button', { name: 'Revoke 1 key' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke 1 key?' });
    await user.type(within(dialog).getByLabelText('Reason'), 'done with it');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke 1 key' }));
    await within(dialog).findByText(/Done: Revoked 1 key/);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    // Nothing is selected any more: the button stays focusable (aria-disabled) and opens nothing.
    const trigger = screen.getByRole('button', { name: 'Revoke selected keys' });
    expect(trigger).toHaveAttribute('aria-disabled', 'true');
    await waitFor(() => expect(trigger).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('shows a viewer the list without selection, bulk revoke or create', async () => {
    signIn('viewer');
    renderWithProviders(<KeysPage />, gateway().fetchImpl);
    expect(await screen.findByRole('link', { name: 'Alpha' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create key' })).not.toBeInTheDocument();
  });

  it('sorts by name and keeps a long scope list to chips with the full list in the title', async () => {
    signIn('owner');
    const user = userEvent.setup();
    renderWithProviders(<KeysPage />, gateway().fetchImpl);
    const chips = await screen.findByRole('list', { name: /^Scopes: leads:read, leads:write/ });
    expect(chips).toHaveTextContent('+2 more');
    expect(chips).toHaveAttribute('title', KEYS[0]?.scopes.join(', '));
    await user.click(screen.getByRole('button', { name: /Name/ }));
    await user.click(screen.getByRole('button', { name: /Name/ }));
    const names = screen.getAllByRole('link').map((l) => l.textContent);
    expect(names.filter((n) => ['Alpha', 'Bravo', 'Charlie'].includes(n ?? ''))).toEqual([
      'Charlie',
      'Bravo',
      'Alpha',
    ]);
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  });
});

describe('KeysPage leak badges', () => {
  it('marks leaked and quarantined keys in the list', async () => {
    signIn('owner');
    const leak = { url: 'https://x.example/y', source: 'content', type: 't', action: 'quarantine' as const };
    const listed = [
      key('key_l', 'Leaky', { leaked_at: '2026-12-04T10:00:00Z', leak, quarantined: true }),
      key('key_r', 'Gone', {
        status: 'revoked',
        leaked_at: '2026-12-04T10:00:00Z',
        leak: { ...leak, action: 'revoke' },
      }),
      key('key_f', 'Fine'),
    ];
    renderWithProviders(
      <KeysPage />,
      fakeGateway(() => ({ status: 200, body: { data: listed, next_cursor: null } })).fetchImpl,
    );
    const leaky = await screen.findByRole('row', { name: /Leaky/ });
    expect(within(leaky).getByText('Quarantined')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: /Gone/ })).getByText('Leaked')).toBeInTheDocument();
    const fine = screen.getByRole('row', { name: /Fine/ });
    expect(within(fine).queryByText('Leaked')).toBeNull();
    expect(within(fine).queryByText('Quarantined')).toBeNull();
  });
});
