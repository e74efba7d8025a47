import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';
import { LeastPrivilegePanel } from './LeastPrivilegePanel';
import { testKey } from './test-key';

const KEY = testKey({
  id: 'key_a',
  name: 'Alpha',
  scopes: ['projects:read', 'leads:read'],
  allowed_ips: ['203.0.113.0/24', '10.0.0.0/8'],
  rate_limit: { limit: 1000, window_seconds: 60 },
});

const RECOMMENDATION = {
  key_id: 'key_a',
  window_days: 30,
  observed_since: '2026-11-04T00:00:00.000Z',
  requests: 42,
  exercised: { routes: ['GET /v1/projects'], scopes: ['projects:read'], ips: ['203.0.113.5'] },
  unused_scopes: ['leads:read'],
  unmatched_paths: [],
  unseen_ips: ['10.0.0.0/8'],
  rate_limit: {
    current: { limit: 1000, window_seconds: 60 },
    observed_peak: 5,
    suggested: { limit: 10, window_seconds: 60 },
  },
  proposed: {
    scopes: ['projects:read'],
    allowed_ips: ['203.0.113.0/24'],
    rate_limit: { limit: 10, window_seconds: 60 },
  },
};

function signIn(role = 'owner') {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role }), 'o@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
}

describe('LeastPrivilegePanel', () => {
  it('shows the unused rights, previews old → new, and only on confirmation sends the ordinary PATCH', async () => {
    signIn();
    const user = userEvent.setup();
    const fake = fakeGateway((call) =>
      call.method === 'GET'
        ? { status: 200, body: RECOMMENDATION }
        : { status: 200, body: { ...KEY, scopes: ['projects:read'] } },
    );
    const onNarrowed = vi.fn(async () => undefined);
    renderWithProviders(
      <LeastPrivilegePanel apiKey={KEY} canNarrow onNarrowed={onNarrowed} />,
      fake.fetchImpl,
    );
    expect(await screen.findByText('leads:read')).toBeInTheDocument();
    expect(screen.getByText('10.0.0.0/8')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Narrow this key' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Narrow “Alpha”?' });
    const changes = within(dialog).getByRole('table', { name: 'Changes' });
    expect(within(changes).getByRole('row', { name: /Scopes/ })).toHaveTextContent(
      'projects:read, leads:readprojects:read',
    );
    expect(within(changes).getByRole('row', { name: /Rate limit/ })).toHaveTextContent(
      '1000 per 60 s10 per 60 s',
    );
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await vi.waitFor(() => expect(onNarrowed).toHaveBeenCalled());
    expect(fake.calls.filter((c) => c.method === 'PATCH').map((c) => [c.path, c.body])).toEqual([
      ['/admin/keys/key_a', RECOMMENDATION.proposed],
    ]);
  });

  it('shows a viewer what the key does not use, without offering to narrow it', async () => {
    signIn('viewer');
    const fake = fakeGateway(() => ({ status: 200, body: RECOMMENDATION }));
    renderWithProviders(
      <LeastPrivilegePanel apiKey={KEY} canNarrow={false} onNarrowed={async () => undefined} />,
      fake.fetchImpl,
    );
    expect(await screen.findByText('leads:read')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Narrow this key' })).not.toBeInTheDocument();
  });

  it('proposes nothing for a key with no use, and says so', async () => {
    signIn();
    const fake = fakeGateway(() => ({
      status: 200,
      body: { ...RECOMMENDATION, requests: 0, unused_scopes: [], unseen_ips: [], proposed: {} },
    }));
    renderWithProviders(
      <LeastPrivilegePanel apiKey={KEY} canNarrow onNarrowed={async () => undefined} />,
      fake.fetchImpl,
    );
    expect(await screen.findByText(/No use in the last 30 days/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Narrow this key' })).not.toBeInTheDocument();
  });
});
