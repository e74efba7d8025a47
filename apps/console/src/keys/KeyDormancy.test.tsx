import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, type ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { EnableResult } from '../api/types';
import { SessionProvider, sessionFromToken } from '../session/session';
import type { FetchLike } from '@latchkey/sdk';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { EnableDialog } from './KeyActions';
import { KeyDetailPage } from './KeyDetailPage';
import { KeysPage, keyFiltersFromParams, keyFiltersToParams } from './KeysPage';
import { testKey } from './test-key';

const DORMANT = testKey({
  id: 'key_d',
  name: 'Nightly export',
  status: 'dormant',
  dormant_at: '2026-11-20T00:00:00Z',
});

/** No requests recorded: the page's usage section (not under test here). */
const USAGE = { total_requests: 0, last_client_ip: null, buckets: [] };

function signIn(role: string) {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role }), 'someone@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
}

let location = { search: '' };
function Probe() {
  const current = useLocation();
  useEffect(() => {
    location = current;
  });
  return null;
}

function renderAt(url: string, path: string, page: ReactElement, fetchImpl: FetchLike) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider fetchImpl={fetchImpl}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path={path} element={page} />
          </Routes>
          <Probe />
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

describe('dormant keys in the console', () => {
  it('shows a Dormant badge', () => {
    render(<StatusBadge status={displayStatus(DORMANT)} />);
    expect(screen.getByText('dormant')).toHaveClass('badge-dormant');
  });

  it('enabling asks for a confirmation, then reports the replicas that confirmed', async () => {
    const user = userEvent.setup();
    const enable = vi.fn(async (): Promise<EnableResult> => ({
      ...DORMANT,
      status: 'active',
      dormant_at: null,
      replicas_confirmed: 2,
      replicas_known: 2,
    }));
    const { fetchImpl } = fakeGateway(() => ({ status: 500 }));
    renderWithProviders(
      <EnableDialog apiKey={DORMANT} open onClose={() => undefined} enable={enable} />,
      fetchImpl,
    );
    expect(screen.getByRole('alertdialog', { name: 'Enable “Nightly export”' })).toHaveTextContent(
      /count starts over from now/,
    );
    expect(enable).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Enable key' }));
    expect(enable).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Enabled. 2 of 2 gateway replicas confirmed they accept the key again.',
    );
  });

  it('an owner enables a dormant key from its page; POST /admin/keys/:id/enable only after confirming', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway((call) => {
      if (call.method === 'POST' && call.path === '/admin/keys/key_d/enable')
        return {
          status: 200,
          body: { ...DORMANT, status: 'active', dormant_at: null, replicas_confirmed: 1, replicas_known: 1 },
        };
      if (call.path === '/admin/keys/key_d') return { status: 200, body: DORMANT };
      // Unused, so nothing to narrow (the least-privilege panel on the same page).
      if (call.path === '/admin/keys/key_d/recommendation')
        return {
          status: 200,
          body: {
            key_id: 'key_d',
            window_days: 30,
            observed_since: '2026-11-04T00:00:00.000Z',
            requests: 0,
            exercised: { routes: [], scopes: [], ips: [] },
            unused_scopes: [],
            unmatched_paths: [],
            unseen_ips: [],
            rate_limit: {
              current: { limit: 1000, window_seconds: 60 },
              observed_peak: 0,
              suggested: null,
            },
            proposed: {},
          },
        };
      if (call.path === '/admin/policy') return { status: 200, body: {} };
      if (call.path.startsWith('/audit/keys/')) return { status: 200, body: USAGE };
      return { status: 200, body: { data: [], next_cursor: null } };
    });
    renderAt('/keys/key_d', '/keys/:id', <KeyDetailPage />, fake.fetchImpl);
    expect(await screen.findByRole('note')).toHaveTextContent(/Dormant: disabled .*\(key_dormant\)/);
    await user.click(screen.getByRole('button', { name: 'Enable' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Enable “Nightly export”' });
    expect(fake.calls.filter((c: Call) => c.method === 'POST')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Enable key' }));
    await waitFor(() =>
      expect(fake.calls.filter((c: Call) => c.method === 'POST').map((c) => c.path)).toEqual([
        '/admin/keys/key_d/enable',
      ]),
    );
  });

  it('a viewer sees the dormant key without an Enable action', async () => {
    signIn('viewer');
    const fake = fakeGateway((call) =>
      call.path === '/admin/keys/key_d'
        ? { status: 200, body: DORMANT }
        : call.path.startsWith('/audit/keys/')
          ? { status: 200, body: USAGE }
          : { status: 200, body: { data: [], next_cursor: null } },
    );
    renderAt('/keys/key_d', '/keys/:id', <KeyDetailPage />, fake.fetchImpl);
    expect(await screen.findByRole('note')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enable' })).not.toBeInTheDocument();
  });
});

describe('keys list filters: expiring and dormant, kept in the URL', () => {
  it('reads and writes only the filters it knows', () => {
    const filters = keyFiltersFromParams(
      new URLSearchParams('status=dormant&expiring_within_days=7&environment=moon&colour=red'),
    );
    expect(filters).toEqual({ q: '', status: 'dormant', environment: '', expiringWithin: 7, canary: '' });
    expect(keyFiltersToParams(filters).toString()).toBe('status=dormant&expiring_within_days=7');
    expect(
      keyFiltersFromParams(new URLSearchParams('expiring_within_days=5')).expiringWithin,
    ).toBeUndefined();
  });

  it('filters from the URL are queried on load, and a new choice goes to the URL and the query', async () => {
    signIn('owner');
    const user = userEvent.setup();
    const fake = fakeGateway(() => ({ status: 200, body: { data: [DORMANT], next_cursor: null } }));
    renderAt('/keys?status=dormant', '/keys', <KeysPage />, fake.fetchImpl);
    expect(await screen.findByRole('link', { name: 'Nightly export' })).toBeInTheDocument();
    expect(screen.getByLabelText('Status')).toHaveValue('dormant');
    expect(fake.calls[0]?.path).toMatch(/^\/admin\/keys\?(.*&)?status=dormant(&|$)/);

    await user.selectOptions(screen.getByLabelText('Status'), '');
    await user.selectOptions(screen.getByLabelText('Expires within'), '7');
    await waitFor(() => expect(location.search).toBe('?expiring_within_days=7'));
    await waitFor(() => expect(fake.calls.at(-1)?.path).toMatch(/[?&]expiring_within_days=7(&|$)/));
    expect(fake.calls.at(-1)?.path).not.toMatch(/status=/);
  });
});
