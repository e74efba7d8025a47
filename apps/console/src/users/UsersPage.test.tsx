import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../api/types';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { roleConsequence, UsersPage } from './UsersPage';

const signInAs = (role: UserRole) => {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role }), 'olivia@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
};

const person = (id: string, name: string, role: UserRole) => ({
  id,
  email: `${name.toLowerCase()}@example.com`,
  name,
  role,
  kind: 'human',
  status: 'active',
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '',
});
const USERS = [
  person('usr_1', 'Olivia', 'owner'),
  person('usr_2', 'Maya', 'member'),
  person('usr_3', 'Owen', 'owner'),
];

function gatewayWith(patch: (call: Call) => { status: number; body?: unknown }) {
  return fakeGateway((call) =>
    call.method === 'GET' ? { status: 200, body: { data: USERS } } : patch(call),
  );
}

function renderPage(gateway: ReturnType<typeof fakeGateway>) {
  renderWithProviders(
    <>
      <UsersPage />
      <Toaster />
    </>,
    gateway.fetchImpl,
  );
}

describe('UsersPage role changes', () => {
  beforeEach(() => signInAs('owner'));

  it('saves nothing when a role is picked, and Escape restores the old role and the focus', async () => {
    const user = userEvent.setup();
    const gateway = gatewayWith(() => ({ status: 200, body: person('usr_2', 'Maya', 'admin') }));
    renderPage(gateway);
    const select = await screen.findByLabelText('Role of Maya');
    // Reached by Tab, then a new value picked (jsdom's select has no arrow keys).
    await user.tab();
    expect(select).toHaveFocus();
    await user.selectOptions(select, 'admin');

    const dialog = await screen.findByRole('alertdialog', { name: 'Make Maya an admin?' });
    expect(dialog).toHaveAccessibleDescription(
      'Maya will be able to manage keys, users, webhooks and policy.',
    );
    expect(gateway.calls.some((c) => c.method === 'PATCH')).toBe(false);
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(select).toHaveValue('member');
    // Radix gives focus back on the next task after the dialog unmounts.
    await waitFor(() => expect(select).toHaveFocus());
    expect(gateway.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('saves the role once confirmed with the keyboard, then says so', async () => {
    const user = userEvent.setup();
    const gateway = gatewayWith(() => ({ status: 200, body: person('usr_2', 'Maya', 'admin') }));
    renderPage(gateway);
    await user.selectOptions(await screen.findByLabelText('Role of Maya'), 'admin');
    const dialog = await screen.findByRole('alertdialog');
    // Focus starts on the safe choice; Tab reaches the confirming button, Enter presses it.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Tab}{Enter}');

    expect(await screen.findByText('Maya is now an admin.')).toBeInTheDocument();
    expect(gateway.calls.filter((c) => c.method === 'PATCH')).toEqual([
      expect.objectContaining({ path: '/admin/users/usr_2', body: { role: 'admin' } }),
    ]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Role of Maya')).toHaveValue('admin');
  });

  it('shows the server’s reason in the dialog when the last owner would be demoted, and keeps the role', async () => {
    const user = userEvent.setup();
    const gateway = gatewayWith(() => ({
      status: 409,
      body: {
        code: 'conflict',
        detail: 'an organisation keeps at least one active owner',
        request_id: 'r-9',
      },
    }));
    renderPage(gateway);
    await user.selectOptions(await screen.findByLabelText('Role of Owen'), 'member');
    const dialog = await screen.findByRole('alertdialog', { name: 'Make Owen a member?' });
    await user.click(within(dialog).getByRole('button', { name: 'Make member' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /an organisation keeps at least one active owner.*Request id: r-9/,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByLabelText('Role of Owen')).toHaveValue('owner');
  });

  it('asks before disabling someone, and disables them only when confirmed', async () => {
    const user = userEvent.setup();
    const gateway = gatewayWith(() => ({
      status: 200,
      body: { ...person('usr_2', 'Maya', 'member'), status: 'disabled' },
    }));
    renderPage(gateway);
    await user.click(await screen.findByRole('button', { name: 'Disable Maya' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Disable Maya?' });
    expect(dialog).toHaveAccessibleDescription(/can no longer sign in/);
    expect(gateway.calls.some((c) => c.method === 'PATCH')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Disable Maya' }));

    expect(await screen.findByText('Maya was disabled.')).toBeInTheDocument();
    expect(gateway.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'disabled' });
  });

  it('states what each role change means for the person', () => {
    expect(roleConsequence('Alex', 'member', 'owner')).toBe(
      'Alex will be able to do everything, including managing other owners.',
    );
    expect(roleConsequence('Alex', 'admin', 'viewer')).toMatch(/no longer be able to manage keys/);
    expect(roleConsequence('Alex', 'viewer', 'member')).toBe(
      'Alex will be able to read data, and nothing more.',
    );
  });
});

describe('UsersPage for those who may not manage users', () => {
  it('shows a viewer the people, with no role list, button or form to submit', async () => {
    signInAs('viewer');
    renderPage(gatewayWith(() => ({ status: 500 })));
    expect(await screen.findByText('maya@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});
