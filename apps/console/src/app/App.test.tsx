import { act, render, screen, within } from '@testing-library/react';
import { toast } from 'sonner';
import userEvent from '@testing-library/user-event';
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
      expect(await screen.findByRole('heading', { name: 'Your account' })).toBeInTheDocument();
      expect(gateway.calls.filter((c) => c.path.startsWith('/audit'))).toEqual([]);
    },
  );

  it.each([
    ['owner', ['API keys', 'Users', 'Webhooks', 'Policy', 'Audit trail', 'Your account']],
    ['admin', ['API keys', 'Users', 'Webhooks', 'Policy', 'Audit trail', 'Your account']],
    ['member', ['Your account']],
    ['viewer', ['Your account']],
  ] as const)('offers an %s exactly the pages its role may use: %j', async (role, pages) => {
    openAs(role, '/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const list = within(nav).getByRole('list');
    expect(
      within(list)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(pages);
  });

  it.each(['/keys', '/keys/new', '/keys/key_1', '/users', '/webhooks', '/policy', '/audit'])(
    'sends a viewer who opens %s to its landing page without a refusal or a call',
    async (path) => {
      const gateway = openAs('viewer', path);
      expect(await screen.findByRole('heading', { name: 'Your account' })).toBeInTheDocument();
      expect(window.location.pathname).toBe('/console/account');
      expect(screen.queryByRole('alert')).toBeNull();
      expect(gateway.calls).toEqual([]);
    },
  );

  it('lands an owner on the keys and follows the theme toggle, remembered for the next visit', async () => {
    const user = userEvent.setup();
    openAs('owner', '/');
    expect(await screen.findByRole('heading', { name: 'API keys' })).toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'Dark mode' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('latchkey.console.theme')).toBe('dark');
    localStorage.clear();
  });

  it('shows a page’s toast through the one Toaster the shell mounts, in a polite live region', async () => {
    openAs('admin', '/keys');
    await screen.findByRole('heading', { name: 'API keys' });
    act(() => {
      toast.success('Key created');
    });
    const shown = await screen.findByText('Key created');
    expect(shown.closest('[aria-live]')).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByRole('region', { name: /Notifications/ })).toBeInTheDocument();
  });

  it('opens the narrow layout’s menu from the keyboard and follows a page with Enter', async () => {
    const user = userEvent.setup();
    openAs('owner', '/keys');
    const menu = await screen.findByRole('button', { name: 'Menu' });
    menu.focus();
    await user.keyboard('{Enter}');
    const items = await screen.findAllByRole('menuitem');
    expect(items.map((item) => item.textContent)).toContain('Policy');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toHaveTextContent('Policy');
    await user.keyboard('{Enter}');
    expect(window.location.pathname).toBe('/console/policy');
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
