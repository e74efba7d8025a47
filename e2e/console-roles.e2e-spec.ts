import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { USER_ROLES, type UserRole } from '@latchkey/contracts';
import { REPO_ROOT, waitFor } from '@latchkey/testing';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(300_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** `<role>-<page>-<size>.png`; `CONSOLE_SCREENSHOTS=docs/screenshots` refreshes the README's. */
const SHOTS = join(REPO_ROOT, process.env['CONSOLE_SCREENSHOTS'] ?? 'test-results/console-screenshots');
/** The seed's users, one per role, all with the demo password. */
const PASSWORD = 'latchkey-demo';
const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
/** Where each role starts: every role reads the keys (ADR 0019). */
const LANDING: Record<UserRole, string> = {
  owner: 'API keys',
  admin: 'API keys',
  member: 'API keys',
  viewer: 'API keys',
};
/** Every page a role reads, in navigation order: all of them for every role (ADR 0019). */
const READ_PAGES = ['API keys', 'Users', 'Webhooks', 'Policy', 'Audit trail', 'Your account'];
/** The names of controls that change something: none may be offered to a member or a viewer. */
const WRITE_CONTROL =
  /^(create key|edit permissions|rotate|regenerate|revoke|delete|remove|save policy|add user|create connection)\b/i;

/** Waits for the focus to reach the control named `label` (polled: the page's CSP forbids eval). */
async function focusOn(page: Page, label: string): Promise<void> {
  await waitFor(
    `focus on ${label}`,
    async () => (await page.evaluate('document.activeElement?.textContent')) === label,
    { timeoutMs: 3000, intervalMs: 20 },
  );
}

/**
 * The console as each role uses it, at a desktop and a phone size, in light and dark: every page
 * its navigation offers fits the window, passes axe (WCAG 2.1 A/AA) without a serious or critical
 * finding, and its landing page shows no error. Then the narrow menu by keyboard, and the session
 * across tabs.
 */
describe('console: every role, every page, at desktop and phone widths, light and dark', () => {
  let env: RunningStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(role: UserRole, size: keyof typeof SIZES = 'desktop'): Promise<Page> {
    const context = await browser.newContext({ viewport: SIZES[size] });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${env.gateway}/console/`);
    await page.getByLabel('Email').fill(`${role}@acme.example`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: LANDING[role], level: 1 }).waitFor();
    return page;
  }

  /** The page has drawn its heading and is done loading what it shows. */
  async function settled(page: Page) {
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .getByText(/^Loading/)
      .first()
      .waitFor({ state: 'detached' });
  }

  async function seriousViolations(page: Page, what: string): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startStack('console-roles');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await env?.teardown();
  });

  it.each(USER_ROLES)(
    '%s: each page of its navigation fits the window and is axe-clean, in both sizes and themes',
    async (role) => {
      const page = await signedIn(role);
      await settled(page);
      expect(await page.getByRole('alert').count()).toBe(0);
      const links = page.getByRole('navigation', { name: 'Main' }).locator('.nav-links a');
      const pages = await links.evaluateAll((anchors) =>
        anchors.map((a) => ({ href: a.getAttribute('href') ?? '', label: a.textContent ?? '' })),
      );
      expect(pages.length).toBeGreaterThan(0);

      const problems: string[] = [];
      for (const [size, viewport] of Object.entries(SIZES)) {
        await page.setViewportSize(viewport);
        for (const { href } of pages) {
          const name = href.replace(/^\/console\//, '').replace(/\//g, '-');
          // A full load each time: the session must survive a reload too.
          await page.goto(`${env.gateway}${href}`);
          await settled(page);
          expect(new URL(page.url()).pathname).toBe(href);
          for (const colorScheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme });
            // The design tokens follow the scheme: the page's background is the theme's.
            const background = await page.evaluate(
              'getComputedStyle(document.documentElement).backgroundColor',
            );
            expect({ href, colorScheme, background }).toEqual({
              href,
              colorScheme,
              background: colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)',
            });
            const widths = (await page.evaluate(
              '({ scroll: document.documentElement.scrollWidth, inner: innerWidth })',
            )) as { scroll: number; inner: number };
            if (widths.scroll > widths.inner) {
              problems.push(
                `${role} ${href} ${size} ${colorScheme}: ${widths.scroll}px wide in ${widths.inner}px`,
              );
            }
            problems.push(...(await seriousViolations(page, `${role} ${href} ${size} ${colorScheme}`)));
            if (colorScheme === 'light' || (role === 'owner' && name === 'keys')) {
              const suffix = colorScheme === 'dark' ? '-dark' : '';
              await page.screenshot({ path: join(SHOTS, `${role}-${name}-${size}${suffix}.png`) });
            }
          }
          await page.emulateMedia({ colorScheme: 'light' });
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('owner: a key’s page and the create-key summary fit the window and are axe-clean at both sizes', async () => {
    const page = await signedIn('owner');
    const token = String(
      await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'),
    );
    const keys = (await (
      await fetch(`${env.gateway}/admin/keys`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { data: { id: string; status: string }[] };
    const key = keys.data.find((k) => k.status === 'active');
    expect(key).toBeDefined();

    const problems: string[] = [];
    const check = async (name: string, size: string) => {
      const widths = (await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, inner: innerWidth })',
      )) as { scroll: number; inner: number };
      if (widths.scroll > widths.inner)
        problems.push(`${name} ${size}: ${widths.scroll}px wide in ${widths.inner}px`);
      problems.push(...(await seriousViolations(page, `${name} ${size}`)));
      // The whole page: a key's audit trail is below the fold.
      await page.screenshot({ path: join(SHOTS, `owner-${name}-${size}.png`), fullPage: true });
    };
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await page.goto(`${env.gateway}/console/keys/${encodeURIComponent(key!.id)}`);
      await settled(page);
      await page.getByRole('table', { name: /This key's audit events/ }).waitFor();
      await check('key-detail', size);

      await page.goto(`${env.gateway}/console/keys/new`);
      await settled(page);
      await page.getByLabel('Name').fill('Reporting export');
      await page.getByRole('button', { name: 'Apply template' }).click();
      await page.getByRole('button', { name: 'Review key' }).click();
      await page.getByRole('heading', { name: 'Review the key' }).waitFor();
      await check('create-key-summary', size);
    }
    expect(problems).toEqual([]);
  });

  it.each(['member', 'viewer'] as const)(
    '%s: reads every page and a key’s page, with no write control offered, axe-clean',
    async (role) => {
      const page = await signedIn(role);
      await settled(page);
      const nav = page.getByRole('navigation', { name: 'Main' }).locator('.nav-links a');
      expect(await nav.allTextContents()).toEqual(READ_PAGES);
      const offered: string[] = [];
      const problems: string[] = [];
      const collectWrites = async (where: string) => {
        const names = await page.locator('main button, main a, main select').allTextContents();
        offered.push(...names.filter((n) => WRITE_CONTROL.test(n.trim())).map((n) => `${where}: ${n}`));
        // Selection checkboxes (bulk revoke) are a write; the audit trail's live-tail toggle is not.
        const selections = await page.locator('main input[type=checkbox][aria-label^="Select"]').count();
        if (selections > 0) offered.push(`${where}: ${selections} selection checkboxes`);
      };
      for (const href of [
        '/console/keys',
        '/console/users',
        '/console/webhooks',
        '/console/policy',
        '/console/audit',
      ]) {
        await page.goto(`${env.gateway}${href}`);
        await settled(page);
        expect({ href, alerts: await page.getByRole('alert').count() }).toEqual({ href, alerts: 0 });
        await collectWrites(href);
      }
      // A key's page, from the list.
      await page.goto(`${env.gateway}/console/keys`);
      await settled(page);
      await page.locator('main table a').first().click();
      await page.waitForURL(/\/console\/keys\/key_/);
      await settled(page);
      expect(await page.getByRole('alert').count()).toBe(0);
      await collectWrites('key page');
      for (const [size, viewport] of Object.entries(SIZES)) {
        await page.setViewportSize(viewport);
        problems.push(...(await seriousViolations(page, `${role} key page ${size}`)));
        await page.screenshot({ path: join(SHOTS, `${role}-key-${size}.png`) });
      }
      expect(offered).toEqual([]);
      expect(problems).toEqual([]);
    },
  );

  it('opens the phone layout’s menu and follows a page with the keyboard alone, focus on the new page', async () => {
    const page = await signedIn('owner', 'phone');
    // Signing in put the focus on the page's content, not on <body>.
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await page.reload();
    await settled(page);
    expect(await page.locator('.nav-links').isVisible()).toBe(false);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Menu');
    const outline = String(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle'));
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'API keys',
      'Users',
      'Webhooks',
      'Policy',
      'Notifications',
      'Audit trail',
      'Your account',
    ]);
    // The first item takes the focus once the menu has opened; the arrow keys walk down to Policy.
    await focusOn(page, 'API keys');
    const visited: string[] = [];
    for (let press = 0; press < 8 && visited.at(-1) !== 'Policy'; press++) {
      await page.keyboard.press('ArrowDown');
      visited.push(String(await page.evaluate('document.activeElement.textContent')));
    }
    expect(visited.filter((label, i) => label !== visited[i - 1])).toEqual(['Users', 'Webhooks', 'Policy']);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/policy$/);
    await menu.waitFor({ state: 'detached' });
    await settled(page);
    // Focus is on the new page's content, never left on the body.
    await waitFor(
      'focus on the new page’s main content',
      async () => (await page.evaluate('document.activeElement?.id')) === 'main',
      { timeoutMs: 3000, intervalMs: 20 },
    );
    // Escape closes the menu and gives focus back to its button.
    await page.getByRole('button', { name: 'Menu' }).focus();
    await page.keyboard.press('Enter');
    await menu.waitFor();
    await focusOn(page, 'API keys');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // Radix hands focus back a task after the menu is gone.
    await focusOn(page, 'Menu');
  });

  it('keeps a new tab of the same browser signed in, and a sign-out in one tab signs out the other', async () => {
    const first = await signedIn('admin');
    const second = await first.context().newPage();
    await second.goto(`${env.gateway}/console/audit`);
    await second.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    // The token never travels in a URL.
    const token = String(
      await first.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'),
    );
    expect(second.url()).not.toContain(token);

    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.getByText('You are signed out.').waitFor();
    await first.getByText('You signed out in another tab.').waitFor();
    expect(await first.evaluate('sessionStorage.getItem("latchkey.console.session")')).toBeNull();
    // And the signed-out tabs stay out after a reload.
    await first.reload();
    await first.getByRole('heading', { name: 'Sign in to Latchkey' }).waitFor();
  });
});
