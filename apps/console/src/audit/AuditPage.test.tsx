import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FetchLike } from '@latchkey/sdk';
import { useEffect } from 'react';
import { MemoryRouter, useLocation, useNavigate } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../api/types';
import { testKey } from '../keys/test-key';
import { sessionFromToken, SessionProvider } from '../session/session';
import { fakeGateway, userToken, type Call } from '../test/render';
import { AuditPage } from './AuditPage';

const USERS = [
  {
    id: 'usr_1',
    email: 'olivia@example.com',
    name: 'Olivia Owner',
    role: 'owner',
    kind: 'human',
    status: 'active',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
  },
];
const KEYS = [
  testKey({ id: 'key_crm', name: 'CRM sync' }),
  testKey({ id: 'key_dup1', name: 'Backup', environment: 'live' }),
  testKey({ id: 'key_dup2', name: 'Backup', environment: 'test' }),
];

function event(extra: Partial<AuditEvent>): AuditEvent {
  return {
    id: 'evt_1',
    seq: 1,
    type: 'key.revoked',
    source: 'latchkey/identity',
    subject: null,
    key_id: null,
    actor_id: null,
    outcome: null,
    occurred_at: '2026-12-10T12:00:00.000Z',
    received_at: '2026-12-10T12:00:01.000Z',
    chain_seq: 1,
    hash: 'h',
    data: { reason: 'leaked' },
    ...extra,
  };
}

const EVENTS = [
  event({ id: 'evt_1', key_id: 'key_crm', actor_id: 'usr_1' }),
  // A key and a user since deleted: their ids are all that is left.
  event({ id: 'evt_2', key_id: 'key_gone', actor_id: 'usr_gone' }),
];

/** The organisation's users, keys and trail; the users' answer waits for `usersHeld` when given. */
function gateway(usersHeld?: Promise<void>) {
  return fakeGateway(async (call: Call) => {
    if (call.path.startsWith('/admin/users')) {
      await usersHeld;
      return { status: 200, body: { data: USERS, next_cursor: null } };
    }
    if (call.path.startsWith('/admin/keys')) return { status: 200, body: { data: KEYS, next_cursor: null } };
    return { status: 200, body: { data: EVENTS, next_cursor: null } };
  });
}

/** A gateway whose users' answer is held back until `release` is called. */
function gatewayHoldingUsers() {
  let release!: () => void;
  const gw = gateway(new Promise<void>((resolve) => (release = resolve)));
  return { gw, release };
}

let location: { search: string } = { search: '' };
let navigate: ReturnType<typeof useNavigate>;
/** Reads the router's location and hands the test a navigate (for Back), after each render. */
function Probe() {
  const current = useLocation();
  const go = useNavigate();
  useEffect(() => {
    location = current;
    navigate = go;
  });
  return null;
}

function renderAt(url: string, fetchImpl: FetchLike) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider fetchImpl={fetchImpl}>
        <MemoryRouter initialEntries={[url]}>
          <AuditPage />
          <Probe />
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

const eventQueries = (calls: Call[]) => calls.filter((c) => c.path.startsWith('/audit/events'));

beforeEach(() => {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role: 'owner' }), 'olivia@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
});

describe('AuditPage: people instead of ids', () => {
  it('shows the actor by name and email and the key by name, each a link; unknown ids stay ids', async () => {
    renderAt('/audit', gateway().fetchImpl);
    const table = await screen.findByRole('table', { name: /Audit events/ });
    const actor = await within(table).findByRole('link', { name: /Olivia Owner/ });
    expect(actor).toHaveTextContent('olivia@example.com');
    expect(actor).toHaveAttribute('href', '/users');
    expect(within(table).getByRole('link', { name: 'CRM sync' })).toHaveAttribute('href', '/keys/key_crm');
    expect(within(table).getByRole('link', { name: 'key_gone' })).toHaveAttribute('href', '/keys/key_gone');
    expect(within(table).getByText('usr_gone')).toBeInTheDocument();
  });
});

describe('AuditPage filters', () => {
  it('an Actor given as an email queries by that user’s id and keeps the filter in the URL', async () => {
    const user = userEvent.setup();
    const gw = gateway();
    renderAt('/audit', gw.fetchImpl);
    await screen.findByRole('link', { name: /Olivia Owner/ });
    await user.type(screen.getByLabelText('Actor'), 'Olivia@Example.com');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(location.search).toBe('?actor=usr_1'));
    await waitFor(() => expect(eventQueries(gw.calls).at(-1)!.path).toContain('actor=usr_1'));
    // The form still speaks in emails.
    expect(screen.getByLabelText('Actor')).toHaveValue('olivia@example.com');
  });

  it('an email applied before the users have loaded is resolved when they arrive, not lost', async () => {
    const user = userEvent.setup();
    const { gw, release } = gatewayHoldingUsers();
    renderAt('/audit', gw.fetchImpl);
    await screen.findByRole('table', { name: /Audit events/ });
    await user.type(screen.getByLabelText('Actor'), 'olivia@example.com');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('Looking up names…')).toBeInTheDocument();
    release();
    await waitFor(() => expect(location.search).toBe('?actor=usr_1'));
    expect(screen.getByLabelText('Actor')).toHaveValue('olivia@example.com');
    expect(screen.queryByText(/still loading/)).not.toBeInTheDocument();
  });

  it('what the person typed survives the names arriving', async () => {
    const user = userEvent.setup();
    const { gw, release } = gatewayHoldingUsers();
    renderAt('/audit?key_id=key_crm', gw.fetchImpl);
    await screen.findByRole('table', { name: /Audit events/ });
    await user.type(screen.getByLabelText('Actor'), 'olivia@');
    release();
    await screen.findByRole('link', { name: /Olivia Owner/ });
    expect(screen.getByLabelText('Actor')).toHaveValue('olivia@');
  });

  it('an unknown email is said next to the field and queries nothing', async () => {
    const user = userEvent.setup();
    const gw = gateway();
    renderAt('/audit', gw.fetchImpl);
    await screen.findByRole('link', { name: /Olivia Owner/ });
    const before = eventQueries(gw.calls).length;
    await user.type(screen.getByLabelText('Actor'), 'nobody@example.com');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByLabelText('Actor')).toHaveAccessibleDescription(
      'No user has the email nobody@example.com.',
    );
    expect(location.search).toBe('');
    expect(eventQueries(gw.calls)).toHaveLength(before);
  });

  it('a key name resolves to its id; a name several keys share offers a choice', async () => {
    const user = userEvent.setup();
    const gw = gateway();
    renderAt('/audit', gw.fetchImpl);
    await screen.findByRole('link', { name: 'CRM sync' });
    await user.type(screen.getByLabelText('Key'), 'crm sync');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(location.search).toBe('?key_id=key_crm'));

    await user.clear(screen.getByLabelText('Key'));
    await user.type(screen.getByLabelText('Key'), 'Backup');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByLabelText('Key')).toHaveAccessibleDescription(
      '2 keys are named “Backup”: choose one below.',
    );
    expect(location.search).toBe('?key_id=key_crm');
    const choices = screen.getByRole('list', { name: 'Keys with this name' });
    await user.click(within(choices).getByRole('button', { name: /key_dup2/ }));
    await waitFor(() => expect(location.search).toBe('?key_id=key_dup2'));
    await waitFor(() => expect(eventQueries(gw.calls).at(-1)!.path).toContain('key_id=key_dup2'));
  });

  it('an unknown key name is said and queries nothing', async () => {
    const user = userEvent.setup();
    renderAt('/audit', gateway().fetchImpl);
    await screen.findByRole('link', { name: 'CRM sync' });
    await user.type(screen.getByLabelText('Key'), 'Nope');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByLabelText('Key')).toHaveAccessibleDescription('No key is named “Nope”.');
    expect(location.search).toBe('');
  });

  it('filters in the URL are applied on load and shown as names; Back restores the previous ones', async () => {
    const gw = gateway();
    renderAt('/audit?actor=usr_1&type=key.revoked', gw.fetchImpl);
    await waitFor(() => expect(screen.getByLabelText('Actor')).toHaveValue('olivia@example.com'));
    expect(screen.getByLabelText('Event type')).toHaveValue('key.revoked');
    expect(eventQueries(gw.calls)[0]!.path).toContain('actor=usr_1');
    expect(eventQueries(gw.calls)[0]!.path).toContain('type=key.revoked');

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Event type'), '');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(location.search).toBe('?actor=usr_1'));
    navigate(-1);
    await waitFor(() => expect(location.search).toBe('?actor=usr_1&type=key.revoked'));
    await waitFor(() => expect(screen.getByLabelText('Event type')).toHaveValue('key.revoked'));
  });
});
