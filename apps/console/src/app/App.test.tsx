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
  // Every role reads (ADR 0019): an empty page of results.
  const gateway = fakeGateway(() => ({ status: 200, body: { data: [], next_cursor: null } }));
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

  it.each(['member', 'viewer'] as const)('shows the audit trail to a %s too (ADR 0019)', async (role) => {
    openAs(role, '/audit');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Audit trail' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Audit trail' })).toBeInTheDocument();
  });

  it.each([
    ['owner', ['API keys', 'Users', 'Webhooks', 'Policy', 'Notifications', 'Audit trail', 'Your account']],
    ['admin', ['API keys', 'Users', 'Webhooks', 'Policy', 'Notifications', 'Audit trail', 'Your account']],
    ['member', ['API keys', 'Users', 'Webhooks', 'Policy', 'Audit trail', 'Your account']],
    ['viewer', ['API keys', 'Users', 'Webhooks', 'Policy', 'Audit trail', 'Your account']],
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

  it.each(['/keys/new', '/notifications'])(
    'sends a viewer who opens %s to the keys without a refusal or a write',
    async (path) => {
      const gateway = openAs('viewer', path);
      expect(await screen.findByRole('heading', { name: 'API keys' })).toBeInTheDocument();
      expect(window.location.pathname).toBe('/console/keys');
      expect(screen.queryByRole('alert')).toBeNull();
      expect(gateway.calls.filter((c) => c.method !== 'GET')).toEqual([]);
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
