import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '@latchkey/testing';
import { json, startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(300_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * What has focus, as a person using a screen reader would hear it named: its aria-label, else its
 * label, else its text (read from the page; reading is not using the mouse).
 */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '';
  return label.replace(/\\s+/g, ' ').trim();
})()`;

/**
 * Every flow of the console with the keyboard only: after `page.goto`, nothing but `page.keyboard`
 * (Tab, Shift+Tab, Enter, Space, Escape, arrows, typing) — no click, no fill, no focus(). What
 * happened is read from the page and, where cheap, from the API.
 */
describe('console: every flow from the keyboard alone', () => {
  let env: RunningStack;
  let browser: Browser;
  let page: Page;
  let password: string;

  const focused = async () => String(await page.evaluate(FOCUSED));

  /**
   * Presses Tab (or Shift+Tab) until the control named `name` has focus; fails naming what it
   * passed, so a control out of reach of the keyboard is a failure that says so.
   */
  async function tabTo(name: string | RegExp, { back = false, max = 150 } = {}): Promise<void> {
    const seen: string[] = [];
    const matches = (label: string) => (typeof name === 'string' ? label === name : name.test(label));
    for (let n = 0; n < max; n++) {
      const label = await focused();
      if (matches(label)) return;
      seen.push(label);
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    }
    if (matches(await focused())) return;
    throw new Error(`Tab never reached ${String(name)}; passed: ${seen.join(' | ')}`);
  }

  /** Waits until focus is on `name` (focus moves after a render, a dialog opening or closing). */
  const focusLandsOn = (name: string | RegExp) =>
    waitFor(
      `focus on ${String(name)}`,
      async () => {
        const label = await focused();
        return typeof name === 'string' ? label === name : name.test(label);
      },
      { timeoutMs: 5000, intervalMs: 25 },
    );

  const token = async () =>
    String(await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'));
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${env.gateway}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const callProjects = (secret: string) =>
    fetch(`${env.gateway}/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });

  beforeAll(async () => {
    env = await startStack('console-keyboard');
    password = env.orgs[0]!.password;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 820 },
      acceptDownloads: true,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.gateway });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await env?.teardown();
  });

  it('signs in', async () => {
    const owner = env.orgs[0]!;
    await page.goto(`${env.gateway}/console/`);
    await page.getByRole('heading', { name: 'Sign in to Latchkey' }).waitFor();
    await tabTo('Email');
    await page.keyboard.type(owner.email);
    await tabTo('Password');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
  });

  let keyId: string;
  let secret: string;

  it('creates a key from a scope template through its summary, and copies the secret', async () => {
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    await tabTo('Create key');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an API key' }).waitFor();
    await tabTo('Name');
    await page.keyboard.type('Keyboard-made key');
    await tabTo('Template');
    // The first template (read-only, every resource) is chosen; another one is an arrow away.
    await tabTo('Apply template');
    await page.keyboard.press('Enter');
    await tabTo('Review key');
    await page.keyboard.press('Enter');
    await focusLandsOn('Review the key');
    const summary = page.getByRole('region', { name: 'Review the key' });
    expect(await summary.textContent()).toMatch(/Keyboard-made key.*projects:read/);
    await tabTo('Create key');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor();

    await tabTo('Copy secret', { back: true });
    await page.keyboard.press('Enter');
    await page.getByText('Copied').first().waitFor();
    secret = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(secret).toMatch(/^lk_live_[0-9A-Za-z]{46}$/);
    expect((await callProjects(secret)).status).toBe(200);

    await tabTo('I have stored the secret');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard-made key', level: 1 }).waitFor();
    keyId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(keyId).toMatch(/^key_/);
  });

  it('rotates the key: the new secret works, and so does the old one for the grace window', async () => {
    await tabTo('Rotate', { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Rotate “Keyboard-made key”' });
    await dialog.waitFor();
    // The confirmation starts on Cancel; the confirming button is the next stop.
    await focusLandsOn('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Rotate');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor();
    const rotated = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(rotated).not.toBe(secret);
    expect((await callProjects(rotated)).status).toBe(200);
    expect((await callProjects(secret)).status).toBe(200);
    secret = rotated;
    await tabTo('I have stored the secret');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor({ state: 'detached' });
  });

  it('revokes the key with a reason', async () => {
    await tabTo('Revoke', { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Revoke “Keyboard-made key”' });
    await dialog.waitFor();
    await focusLandsOn('Cancel');
    await tabTo('Reason', { back: true });
    await page.keyboard.type('Retired from the keyboard');
    await tabTo(/^I understand/);
    await page.keyboard.press('Space');
    await tabTo('Revoke key');
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('status')
      .getByText(/Revoked\./)
      .waitFor();
    await tabTo('Close');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // The Revoke button is gone with the key's revocation: focus goes to the page's content.
    await waitFor(
      'focus on the main content',
      async () => (await page.evaluate('document.activeElement.id')) === 'main',
      {
        timeoutMs: 5000,
        intervalMs: 25,
      },
    );
    await waitFor('the revoked key to be refused', async () => (await callProjects(secret)).status === 401);
    const key = await json<{ status: string; revoked_reason: string }>(await admin(`/admin/keys/${keyId}`));
    expect(key).toMatchObject({ status: 'revoked', revoked_reason: 'Retired from the keyboard' });
  });

  const bulkIds: string[] = [];

  it('selects two keys and revokes them together', async () => {
    const secrets: string[] = [];
    bulkIds.length = 0;
    for (const name of ['Keyboard bulk one', 'Keyboard bulk two']) {
      const created = await admin('/admin/keys', {
        method: 'POST',
        body: { name, scopes: ['projects:read'], expires_in_days: 30 },
      });
      expect(created.status).toBe(201);
      const issued = await json<{ id: string; secret: string }>(created);
      secrets.push(issued.secret);
      bulkIds.push(issued.id);
    }
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    await tabTo('Select “Keyboard bulk one”');
    await page.keyboard.press('Space');
    await tabTo('Select “Keyboard bulk two”');
    await page.keyboard.press('Space');
    await tabTo('Revoke 2 keys', { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Revoke 2 keys?' });
    await dialog.waitFor();
    await focusLandsOn('Cancel');
    await tabTo('Reason', { back: true });
    await page.keyboard.type('Retiring both from the keyboard');
    // First the dry run: nothing is revoked until its keys are listed and confirmed.
    await tabTo('Review 2 keys');
    await page.keyboard.press('Enter');
    // Focus lands on the planned keys, not on the button that now revokes them.
    await focusLandsOn('Keys to revoke');
    expect(await dialog.getByRole('list', { name: 'Keys to revoke' }).locator('li').count()).toBe(2);
    for (const s of secrets) expect((await callProjects(s)).status).toBe(200);
    await tabTo('Revoke 2 keys');
    await page.keyboard.press('Enter');
    await dialog.getByText(/^Done: Revoked 2 keys\./).waitFor();
    await tabTo('Close');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // Focus returns to the control that opened the dialog.
    await focusLandsOn(/^Revoke/);
    for (const s of secrets) expect((await callProjects(s)).status).toBe(401);
    await page.getByRole('row', { name: /Keyboard bulk one.*revoked/ }).waitFor();
    await page.getByRole('row', { name: /Keyboard bulk two.*revoked/ }).waitFor();
  });

  it('changes a user’s role after the confirmation', async () => {
    const added = await admin('/admin/users', {
      method: 'POST',
      body: {
        email: 'kim@acme.example',
        name: 'Kim Keyboard',
        role: 'member',
        password: 'a long member password',
      },
    });
    expect(added.status).toBe(201);
    const { id } = await json<{ id: string }>(added);
    await page.goto(`${env.gateway}/console/users`);
    await page.getByText('kim@acme.example').waitFor();
    await tabTo('Role of Kim Keyboard');
    // An arrow key only asks; the role changes once confirmed.
    await page.keyboard.press('ArrowUp');
    const dialog = page.getByRole('alertdialog', { name: 'Make Kim Keyboard an admin?' });
    await dialog.waitFor();
    await focusLandsOn('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Make admin');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await focusLandsOn('Role of Kim Keyboard');
    const user = await json<{ data: { id: string; role: string }[] }>(await admin('/admin/users'));
    expect(user.data.find((u) => u.id === id)?.role).toBe('admin');
  });

  it('creates a webhook connection and revokes it', async () => {
    await page.goto(`${env.gateway}/console/webhooks`);
    await page.getByRole('heading', { name: 'New connection' }).waitFor();
    await tabTo('Name');
    await page.keyboard.type('Keyboard sender');
    await tabTo('Create connection');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor();
    await tabTo('I have stored the secret');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: /Keyboard sender/ });
    await row.waitFor();
    await tabTo('Revoke Keyboard sender', { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Revoke “Keyboard sender”?' });
    await dialog.waitFor();
    await focusLandsOn('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Revoke connection');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('revoked', { exact: false }).waitFor();
    const list = await json<{ data: { name: string; status: string }[] }>(await admin('/admin/webhooks'));
    expect(list.data.find((c) => c.name === 'Keyboard sender')?.status).toBe('revoked');
  });

  it('filters the audit trail and exports what the filter selects', async () => {
    await page.goto(`${env.gateway}/console/audit`);
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    await tabTo('Key');
    await page.keyboard.type('Keyboard bulk one');
    await tabTo('Apply filters');
    await page.keyboard.press('Enter');
    await waitFor(
      'the trail to show only the filtered key',
      async () => {
        const rows = await page.getByRole('table').last().locator('tbody tr').allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes('Keyboard bulk one'));
      },
      { timeoutMs: 15_000 },
    );
    expect(new URL(page.url()).search).toMatch(/key/);

    await tabTo('Export format');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Export format').inputValue()).toBe('csv');
    await tabTo('Export events');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv.length).toBeGreaterThanOrEqual(3);
    // Only the filtered key's events: created and revoked.
    expect(csv.slice(1).filter((line) => !line.includes(bulkIds[0]!))).toEqual([]);
    await page.getByText(/^Exported \d+ events? /).waitFor();
  });

  it('changes the password on the account page, signs out, and signs in with the new one', async () => {
    await page.goto(`${env.gateway}/console/account`);
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    const next = 'a new keyboard-typed password';
    await tabTo(/^Current password/);
    await page.keyboard.type(password);
    await tabTo(/^New password$/);
    await page.keyboard.type(next);
    await tabTo('New password again');
    await page.keyboard.type(next);
    await page.keyboard.press('Enter');
    await page.getByText('Password changed.', { exact: false }).waitFor();
    password = next;

    await tabTo('Sign out', { back: true });
    await page.keyboard.press('Enter');
    await page.getByText('You are signed out.').waitFor();
    await tabTo('Email');
    await page.keyboard.type(env.orgs[0]!.email);
    await tabTo('Password');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });
});
