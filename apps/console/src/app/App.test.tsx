import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../api/types';
import { fakeGateway, userToken } from '../test/render';
import { App } from './App';

/** Signs a user of `role` in for the tab (as the sign-in page would) and opens `path`. */
function openAs(role: UserRole, path: string) {
  const token = userToken({ role });
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify({
      token,
      email: `${role}@example.com`,
      userId: 'usr_1',
      orgId: 'org_1',
      role,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    }),
  );
  window.history.pushState({}, '', `/console${path}`);
  // The gateway refuses what the role may not do; what it may do is an empty page of results.
  const gateway = fakeGateway((call) =>
    call.path.startsWith('/audit') && (role === 'member' || role === 'viewer')
      ? { status: 403, body: { code: 'insufficient_scope', title: 'Insufficient scope', status: 403 } }
      : { status: 200, body: { data: [], next_cursor: null } },
  );
  render(<App fetchImpl={gateway.fetchImpl} />);
  return gateway;
}

describe('App navigation by role', () => {
  afterEach(() => window.history.pushState({}, '', '/'));

  it.each(['owner', 'admin'] as const)('shows the audit trail to an %s', async (role) => {
    openAs(role, '/keys');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Audit trail' })).toBeInTheDocument();
  });

  it.each(['member', 'viewer'] as const)(
    'hides the audit trail from a %s and never asks the gateway for it',
    async (role) => {
      const gateway = openAs(role, '/audit');
      const nav = await screen.findByRole('navigation', { name: 'Main' });
      expect(within(nav).queryByRole('link', { name: 'Audit trail' })).toBeNull();
      expect(await screen.findByRole('alert')).toHaveTextContent('for organisation owners and admins');
      expect(gateway.calls.filter((c) => c.path.startsWith('/audit'))).toEqual([]);
    },
  );
});
