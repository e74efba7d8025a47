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
    const body = call.body as { dry_run?: boolean; filter?: { ids?: string[] }; plan_id?: string };
    if (call.path === '/admin/keys/bulk-revoke' && body.dry_run) {
      const planned = body.filter?.ids ? KEYS.filter((k) => body.filter?.ids?.includes(k.id)) : [KEYS[2]!];
      return {
        status: 200,
        body: {
          plan_id: 'rvp_1',
          dry_run: true,
          count: planned.length,
          keys: planned,
          filter: body.filter,
          reason: 'r',
          created_at: '2026-12-04T12:00:00.000Z',
          expires_at: '2026-12-04T12:15:00.000Z',
        },
      };
    }
    if (call.path === '/admin/keys/bulk-revoke' && body.plan_id === 'rvp_1')
      return {
        status: 200,
        body: {
          plan_id: 'rvp_1',
          dry_run: false,
          count: 1,
          revoked: [{ ...KEYS[0], status: 'revoked' }],
          skipped: [{ id: 'key_b', name: 'Bravo', reason: 'already_revoked' }],
          replicas_confirmed: 2,
          replicas_known: 2,
        },
      };
    return { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' } };
  });
}

const posts = (fake: ReturnType<typeof gateway>) =>
  fake.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body]);

describe('KeysPage', () => {
  it('revokes selected keys through a dry run: the confirmation counts and lists the planned keys, then runs that plan', async () => {
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
    // No reason: nothing is asked of the server.
    await user.click(within(dialog).getByRole('button', { name: 'Review 2 keys' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(/Say why/);
    expect(posts(fake)).toEqual([]);
    await user.type(within(dialog).getByLabelText('Reason'), 'rotating vendors');
    await user.click(within(dialog).getByRole('button', { name: 'Review 2 keys' }));

    // The dry run: nothing revoked yet; the plan's keys are counted and listed.
    const planned = await within(dialog).findByRole('list', { name: 'Keys to revoke' });
    expect(
      within(planned)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringContaining('Alpha'), expect.stringContaining('Bravo')]);
    expect(dialog).toHaveAccessibleDescription(/^2 keys will be revoked\./);
    // Focus is on the plan, not on the button that asked for it (now "Revoke 2 keys"): a second Enter
    // does not revoke keys nobody has read.
    await waitFor(() => expect(planned).toHaveFocus());
    expect(within(dialog).getByRole('button', { name: 'Revoke 2 keys' })).toHaveClass('danger');
    expect(posts(fake)).toEqual([
      [
        '/admin/keys/bulk-revoke',
        { dry_run: true, filter: { ids: ['key_a', 'key_b'] }, reason: 'rotating vendors' },
      ],
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Revoke 2 keys' }));
    expect(await within(dialog).findByText(/Done: Revoked 1 key; 1 key left as they were/)).toHaveTextContent(
      '2 of 2 gateway replicas confirmed',
    );
    expect(within(dialog).getByText(/Bravo/).closest('li')).toHaveTextContent('already revoked');
    expect(posts(fake)[1]).toEqual(['/admin/keys/bulk-revoke', { plan_id: 'rvp_1' }]);
    expect(
      await screen.findByText('Revoked 1 key; 1 key left as they were (revoked or deleted meanwhile).'),
    ).toBeInTheDocument();
  });

  it('revokes by filter: the form becomes the filter, the dry run is shown, and only confirming runs the plan', async () => {
    signIn('admin');
    const user = userEvent.setup();
    const fake = gateway();
    renderWithProviders(<KeysPage />, fake.fetchImpl);
    await user.click(await screen.findByRole('button', { name: 'Revoke by filter' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke keys by filter' });
    await user.type(within(dialog).getByLabelText('Used from address or CIDR'), '203.0.113.0/24');
    await user.selectOptions(within(dialog).getByLabelText('Environment'), 'live');
    await user.type(within(dialog).getByLabelText('Reason'), 'leaked runner');
    await user.click(within(dialog).getByRole('button', { name: 'Find keys' }));
    await within(dialog).findByRole('list', { name: 'Keys to revoke' });
    expect(screen.getByRole('alertdialog', { name: 'Revoke 1 key?' })).toHaveTextContent('Charlie');
    expect(posts(fake)).toEqual([
      [
        '/admin/keys/bulk-revoke',
        {
          dry_run: true,
          filter: { environment: 'live', last_used_from: '203.0.113.0/24' },
          reason: 'leaked runner',
        },
      ],
    ]);
    // Cancelling leaves everything as it was: the plan is never executed.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(posts(fake)).toHaveLength(1);
  });

  it("shows the server's refusal of a filter in the dialog, without a plan", async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway((call) =>
      call.method === 'GET'
        ? { status: 200, body: { data: KEYS, next_cursor: null } }
        : {
            status: 400,
            body: {
              type: 'about:blank',
              title: 'Bad request',
              status: 400,
              code: 'invalid_request',
              detail: 'filter: give at least one criterion: an empty filter would name every key',
              request_id: 'req-f',
            },
          },
    );
    renderWithProviders(<KeysPage />, fake.fetchImpl);
    await user.click(await screen.findByRole('button', { name: 'Revoke by filter' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke keys by filter' });
    await user.type(within(dialog).getByLabelText('Reason'), 'why');
    await user.click(within(dialog).getByRole('button', { name: 'Find keys' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('req-f');
    expect(within(dialog).queryByRole('button', { name: /^Revoke \d/ })).not.toBeInTheDocument();
  });

  it('offers nothing to revoke when the dry run matches no key, and a new opening starts from the filter', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway((call) =>
      call.method === 'GET'
        ? { status: 200, body: { data: KEYS, next_cursor: null } }
        : {
            status: 200,
            body: {
              plan_id: 'rvp_0',
              dry_run: true,
              count: 0,
              keys: [],
              filter: { scope: 'nothing:here' },
              reason: 'r',
              created_at: '2026-12-04T12:00:00.000Z',
              expires_at: '2026-12-04T12:15:00.000Z',
            },
          },
    );
    renderWithProviders(<KeysPage />, fake.fetchImpl);
    await user.click(await screen.findByRole('button', { name: 'Revoke by filter' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Revoke keys by filter' });
    await user.type(within(dialog).getByLabelText('Grants scope'), 'nothing:here');
    await user.type(within(dialog).getByLabelText('Reason'), 'leak');
    await user.click(within(dialog).getByRole('button', { name: 'Find keys' }));
    dialog = await screen.findByRole('alertdialog', { name: 'Revoke 0 keys?' });
    expect(within(dialog).getByRole('status')).toHaveTextContent('No key matches: nothing to revoke.');
    expect(within(dialog).queryByRole('button', { name: /^Revoke/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Revoke by filter' }));
    dialog = await screen.findByRole('alertdialog', { name: 'Revoke keys by filter' });
    // The criteria stay (the person may refine them); the reason is asked again.
    expect(within(dialog).getByLabelText('Grants scope')).toHaveValue('nothing:here');
    expect(within(dialog).getByLabelText('Reason')).toHaveValue('');
  });

  it('gives focus back to the bulk revoke button once the revoked keys have left the selection', async () => {
    signIn('owner');
    const user = userEvent.setup();
    renderWithProviders(<KeysPage />, gateway().fetchImpl);
    await user.click(await screen.findByRole('checkbox', { name: 'Select “Alpha”' }));
    await user.click(screen.getByRole('button', { name: 'Revoke 1 key' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke 1 key?' });
    await user.type(within(dialog).getByLabelText('Reason'), 'done with it');
    await user.click(within(dialog).getByRole('button', { name: 'Review 1 key' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Revoke 1 key' }));
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
