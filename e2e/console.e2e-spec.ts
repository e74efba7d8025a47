import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT, waitFor } from '@latchkey/testing';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(240_000);

/** Debian's Chromium (npm test installs it when missing: scripts/ensure-tools.sh); no browser download. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** Screenshots of the main pages; `CONSOLE_SCREENSHOTS=docs/screenshots` refreshes the README's. */
const SHOTS = join(REPO_ROOT, process.env['CONSOLE_SCREENSHOTS'] ?? 'test-results/console-screenshots');

describe('console: an owner governs a key in the browser', () => {
  let env: RunningStack;
  let browser: Browser;
  let page: Page;
  /** What Chromium reported blocking under the console's Content-Security-Policy, on any page. */
  const cspViolations: string[] = [];

  /** Every main page is screenshotted and checked with axe (WCAG 2.1 A/AA, contrast included). */
  const shot = async (name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      violations.map(
        (v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    ).toEqual([]);
  };
  const callProjects = (secret: string) =>
    fetch(`${env.gateway}/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startStack('console');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.gateway });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await env?.teardown();
  });

  it('signs in, creates a key, copies its secret, sees its use and audit trail, revokes it', async () => {
    const owner = env.orgs[0]!;
    await page.goto(`${env.gateway}/console/`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(
      /The email or password is not right\..*Request id: [0-9a-f-]{36}/,
    );

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });

    // Create: name, scope from the route table, a preset expiry.
    await page.getByRole('link', { name: 'Create key' }).click();
    await page.getByLabel('Name').fill('Browser-made key');
    await page.getByRole('checkbox', { name: /projects:read/ }).check();
    await page.getByRole('radio', { name: 'In 7 days' }).check();
    await shot('create-key');
    // A summary of the key as it will be created comes before "Create key".
    await page.getByRole('button', { name: 'Review key' }).click();
    const summary = page.getByRole('region', { name: 'Review the key' });
    expect(await summary.textContent()).toMatch(/Browser-made key.*projects:read.*In 7 days/);
    await summary.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('This secret will not be shown again');

    await page.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Copied').first().waitFor();
    const secret = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(secret).toMatch(/^lk_live_[0-9A-Za-z]{46}$/);
    expect(await page.getByLabel('Try it').inputValue()).toContain(
      `/v1/projects \\\n  -H 'Authorization: Bearer ${secret}'`,
    );
    await shot('secret-once');

    // The copied secret works through the gateway.
    const allowed = await callProjects(secret);
    expect(allowed.status).toBe(200);

    // The key's page shows the call in its usage and its audit trail.
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('heading', { name: 'Browser-made key' }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain(secret);
    await waitFor(
      'usage and key.used on the key page',
      async () => {
        await page.reload();
        await page.getByTestId('total-requests').waitFor();
        const total = Number(await page.getByTestId('total-requests').textContent());
        const trail = await page.getByRole('table', { name: /This key's audit events/ }).textContent();
        return total >= 1 && /key\.used/.test(trail ?? '') && /key\.created/.test(trail ?? '');
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(await page.getByRole('table', { name: /This key's audit events/ }).textContent()).toContain(
      '1× 200',
    );
    await shot('key-detail');

    // Revoke: reason, confirmation, and the replicas that confirmed.
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke “Browser-made key”' });
    await dialog.getByLabel('Reason').fill('Rotating the integration out');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    const outcome = dialog.getByRole('status');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/^Revoked\. 1 of 1 gateway replica confirmed/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The key's settings show it revoked, with the reason.
    await page.getByRole('definition').getByText('Rotating the integration out').waitFor();

    // The same call is now refused.
    const refused = await callProjects(secret);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_api_key');

    // The list shows it revoked, and the status filter finds it.
    await page.getByRole('link', { name: '← All keys' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption('revoked');
    await page.getByRole('row', { name: /Browser-made key.*revoked/ }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByRole('row', { name: /Browser-made key/ }).waitFor();
    await shot('keys');
  });

  it('shows the audit page with filters and a live tail that receives new events', async () => {
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Event type').selectOption('key.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('table', { name: /Audit events/ })
      .getByText('Browser-made key')
      .first()
      .waitFor();

    await page.getByLabel(/Live tail/).check();
    await page.getByText('Following new events…').waitFor();
    // A key created elsewhere (another tab) arrives in the tail without a reload.
    const token = String(
      await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'),
    );
    const created = await fetch(`${env.gateway}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Tailed key', scopes: ['leads:read'], expires_in_days: 30 }),
    });
    expect(created.status).toBe(201);
    await page
      .getByRole('table', { name: /Audit events/ })
      .getByText(/Tailed key/)
      .waitFor({ timeout: 30_000 });
    await shot('audit');
  });

  it('keeps the audit table within the page at common window widths, however long its words', async () => {
    const token = String(
      await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'),
    );
    // One unbreakable word as long as a key name may be: it must wrap, not widen the page.
    const longName = `Integration-${'x'.repeat(180)}`;
    const created = await fetch(`${env.gateway}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: longName, scopes: ['leads:read'], expires_in_days: 30 }),
    });
    expect(created.status).toBe(201);
    // The live tail (still on) brings the event in.
    const table = page.getByRole('table', { name: /Audit events/ });
    await table
      .getByText(/Integration-x+/)
      .first()
      .waitFor({ timeout: 30_000 });
    for (const width of [1024, 1280, 1366, 1440, 1920]) {
      await page.setViewportSize({ width, height: 820 });
      // Evaluated in the page (a string: the test's own types have no DOM).
      const overflow = (await page.evaluate(`({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        table: document.querySelector('table.audit-table').getBoundingClientRect().right -
          document.documentElement.clientWidth,
      })`)) as { page: number; table: number };
      expect({ width, ...overflow }).toEqual({ width, page: 0, table: expect.any(Number) });
      expect(overflow.table).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1366, height: 820 });
  });

  it('filters the trail by the owner’s email and exports the events it shows', async () => {
    const owner = env.orgs[0]!;
    await page.goto(`${env.gateway}/console/audit`);
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Actor').fill(owner.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The email became the owner's id in the URL (a reload or a shared link keeps the filter).
    await page.waitForURL(/[?&]actor=usr_/);
    const table = page.getByRole('table', { name: /Audit events/ });
    await table.getByText('Browser-made key').first().waitFor();
    const actors = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(actors.length).toBeGreaterThan(0);
    for (const actor of actors) expect(actor).toContain(owner.email);
    await page.reload();
    // After a reload the filter is still applied, and shown as the email (polled: the CSP forbids eval).
    await waitFor(
      'the Actor filter to survive a reload',
      async () => (await page.getByLabel('Actor').inputValue()) === owner.email,
      { timeoutMs: 15_000, intervalMs: 200 },
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export events' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-.*\.ndjson$/);
    await page.getByText(/^Exported \d+ events/).waitFor();
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const events = lines.map((line) => JSON.parse(line) as { type: string; actor_id: string | null });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.actor_id)).size).toBe(1);
    expect(events[0]!.actor_id).toMatch(/^usr_/);
    expect(events.map((e) => e.type)).toContain('key.created');
  });

  it('edits permissions, rotates with a grace window, regenerates and deletes a key', async () => {
    const status = async (secret: string, path = '/v1/leads') =>
      (await fetch(`${env.gateway}${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;
    const becomes = (what: string, probe: () => Promise<boolean>) =>
      waitFor(what, probe, { timeoutMs: 15_000, intervalMs: 200 });

    await page.goto(`${env.gateway}/console/keys/new`);
    await page.getByLabel('Name').fill('Rotating key');
    await page.getByRole('checkbox', { name: /leads:read/ }).check();
    await page.getByRole('button', { name: 'Review key' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const first = await page.getByLabel('Secret', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('heading', { name: 'Rotating key' }).waitFor();
    expect(await status(first)).toBe(200);
    expect(await status(first, '/v1/projects')).toBe(403);

    // Edit permissions: add projects:read; the gateway applies it without a restart.
    await page.getByRole('button', { name: 'Edit permissions' }).click();
    await page.getByRole('checkbox', { name: /projects:read/ }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The key's own settings (the first list on its page), not the least-privilege panel below,
    // which lists the same scope once it has usage to compare.
    await page.locator('dl.settings').first().getByRole('definition').getByText('projects:read').waitFor();
    await becomes('the edited scope to apply', async () => (await status(first, '/v1/projects')) === 200);

    // Rotate with a one-hour grace window: the new secret works and so does the old one.
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotate = page.getByRole('alertdialog', { name: 'Rotate “Rotating key”' });
    await rotate.getByLabel('Grace window for the current secret').selectOption({ label: '1 hour' });
    await rotate.getByRole('button', { name: 'Rotate' }).click();
    const second = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(second).not.toBe(first);
    expect(await status(second)).toBe(200);
    expect(await status(first)).toBe(200);
    await page.getByRole('button', { name: 'I have stored the secret' }).click();

    // Regenerate with a new expiry: the replaced secret dies at once.
    await page.getByRole('button', { name: 'Regenerate' }).click();
    const regenerate = page.getByRole('alertdialog', { name: 'Regenerate “Rotating key”' });
    await regenerate.getByRole('radio', { name: 'In 90 days' }).check();
    await regenerate.getByRole('button', { name: 'Regenerate now' }).click();
    const third = await page.getByLabel('Secret', { exact: true }).inputValue();
    expect(await status(third)).toBe(200);
    await becomes('the replaced secret to be refused', async () => (await status(second)) === 401);
    await page.getByRole('button', { name: 'I have stored the secret' }).click();

    // Delete: typed confirmation, then the key is gone from the list and refused.
    await page.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('alertdialog', { name: 'Delete “Rotating key”' });
    await remove.getByLabel('Type the key’s name to confirm').fill('Rotating key');
    await remove.getByRole('button', { name: 'Delete key' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    expect(await page.getByRole('link', { name: 'Rotating key' }).count()).toBe(0);
    await becomes('the deleted key to be refused', async () => (await status(third)) === 401);
  });

  const ownerToken = async () =>
    String(await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'));

  it('creates a key from a template after its summary; its curl for a key limited to /v1/projects/* answers 200', async () => {
    const project = await fetch(`${env.gateway}/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await ownerToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Curl target' }),
    });
    expect(project.status).toBe(201);
    await page.goto(`${env.gateway}/console/keys/new`);
    await page.getByLabel('Name').fill('Project reader');
    await page.getByLabel('Template').selectOption({ label: 'projects: read-only' });
    await page.getByRole('button', { name: 'Apply template' }).click();
    expect(await page.getByRole('checkbox', { name: /projects:read/ }).isChecked()).toBe(true);
    await page.getByLabel(/Allowed paths/).fill('/v1/projects/*');
    await page.getByRole('button', { name: 'Review key' }).click();
    const summary = page.getByRole('region', { name: 'Review the key' });
    expect(await summary.textContent()).toMatch(/Project reader.*live.*projects:read.*\/v1\/projects\/\*/);
    await summary.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
    const curl = page.getByLabel('Try it');
    await waitFor(
      'the curl to name a listed project',
      async () => /\/v1\/projects\/prj_/.test(await curl.inputValue()),
      {
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    const command = await curl.inputValue();
    // The line with the secret is shown whole: the textarea is as tall and wide as its text.
    expect(command).toContain(`-H 'Authorization: Bearer ${secret}'`);
    expect(
      await page.evaluate(
        "(() => { const el = document.getElementById('curl-example'); return el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1; })()",
      ),
    ).toBe(true);
    const url = /curl -s (\S+)/.exec(command)?.[1];
    expect(url).toMatch(/\/v1\/projects\/prj_/);
    const answer = await fetch(url!, { headers: { authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.getByRole('heading', { name: 'Project reader' }).waitFor();
  });

  it('revokes selected keys together through a dry run whose confirmation counts and lists them', async () => {
    const secrets: string[] = [];
    for (const name of ['Bulk one', 'Bulk two']) {
      const created = await fetch(`${env.gateway}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await ownerToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, scopes: ['leads:read'], expires_in_days: 30 }),
      });
      expect(created.status).toBe(201);
      secrets.push(((await created.json()) as { secret: string }).secret);
    }
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    await page.getByRole('checkbox', { name: 'Select “Bulk one”' }).check();
    await page.getByRole('checkbox', { name: 'Select “Bulk two”' }).check();
    const trigger = page.getByRole('button', { name: 'Revoke 2 keys' });
    await trigger.click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke 2 keys?' });
    expect(await dialog.textContent()).toContain('Every integration using these 2 keys stops working');
    await shot('bulk-revoke');
    await dialog.getByLabel('Reason').fill('Retiring the bulk integration');
    await dialog.getByRole('button', { name: 'Review 2 keys' }).click();
    // The dry run's plan: counted and listed; nothing is revoked yet.
    const plan = dialog.getByRole('list', { name: 'Keys to revoke' });
    await plan.waitFor();
    const planned = await plan.locator('li').allTextContents();
    expect(planned.sort()).toEqual([
      expect.stringContaining('Bulk one'),
      expect.stringContaining('Bulk two'),
    ]);
    // Still valid keys (leads:read only: 403 on projects, not the 401 of a revoked key).
    for (const secret of secrets) expect((await callProjects(secret)).status).toBe(403);
    await dialog.getByRole('button', { name: 'Revoke 2 keys' }).click();
    await dialog.getByText(/Done: Revoked 2 keys\. 1 of 1 gateway replicas? confirmed/).waitFor();
    const results = await dialog.locator('.bulk-results li').allTextContents();
    expect(results.sort()).toEqual(['Bulk one: revoked', 'Bulk two: revoked']);
    await dialog.getByRole('button', { name: 'Close' }).click();
    for (const secret of secrets) expect((await callProjects(secret)).status).toBe(401);
    await page.getByRole('row', { name: /Bulk one.*revoked/ }).waitFor();
    await page.getByRole('row', { name: /Bulk two.*revoked/ }).waitFor();
  });

  it('shows the keys list at 390 px as cards, no wider than the window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    // The list itself (the navigation is the shell's): its box ends inside the window.
    const right = Number(
      await page.evaluate(
        "document.querySelector('.keys-table-box').getBoundingClientRect().right - document.documentElement.clientWidth",
      ),
    );
    expect(right).toBeLessThanOrEqual(0);
    const scrollsInside = Boolean(
      await page.evaluate(
        "(() => { const box = document.querySelector('.keys-table-box'); return box.scrollWidth <= box.clientWidth; })()",
      ),
    );
    expect(scrollsInside).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'keys-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 820 });
  });

  it('gives a member the pages it may read (ADR 0019), sends it there from a page that writes, and asks only reads', async () => {
    const token = String(
      await page.evaluate('JSON.parse(sessionStorage.getItem("latchkey.console.session")).token'),
    );
    const added = await fetch(`${env.gateway}/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'reader@acme.example',
        name: 'Rita Reader',
        role: 'member',
        password: 'a long member password',
      }),
    });
    expect(added.status).toBe(201);
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('reader@acme.example');
    await page.getByLabel('Password').fill('a long member password');
    const adminCalls: string[] = [];
    const record = (request: { url(): string; method(): string }) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/admin/')) adminCalls.push(`${request.method()} ${pathname}`);
    };
    page.on('request', record);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'API keys',
      'Users',
      'Webhooks',
      'Policy',
      'Audit trail',
      'Your account',
    ]);
    // A page the role may not use (creating a key) leads to its landing page, never to a refusal.
    await page.goto(`${env.gateway}/console/keys/new`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/keys');
    await page.getByText('Loading keys…').waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').count()).toBe(0);
    // Read only: no control that would change something, and nothing but reads asked of the API.
    expect(await page.getByRole('link', { name: 'Create key' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    page.off('request', record);
    expect(adminCalls.length).toBeGreaterThan(0);
    expect(adminCalls.filter((call) => !call.startsWith('GET '))).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(env.orgs[0]!.email);
    await page.getByLabel('Password').fill(env.orgs[0]!.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The owner signs in where the member left (a page every role may use), with every page offered.
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Create key' }).waitFor();
  });

  it('changes a role from the keyboard alone, only once confirmed, with focus back on the list', async () => {
    await page.goto(`${env.gateway}/console/users`);
    const role = page.getByLabel('Role of Rita Reader');
    await role.focus();
    // An arrow key on the list only asks; Escape keeps the old role.
    await page.keyboard.press('ArrowUp');
    const ask = page.getByRole('alertdialog', { name: 'Make Rita Reader an admin?' });
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/will be able to manage keys, users, webhooks and policy/);
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('member');
    // Evaluated in the page (a string: the test's own types have no DOM).
    expect(
      await page.evaluate(
        "document.activeElement.getAttribute('aria-label') ?? document.activeElement.labels[0].textContent",
      ),
    ).toBe('Role of Rita Reader');

    await page.keyboard.press('ArrowUp');
    await ask.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('admin');
    await page.reload();
    expect(await page.getByLabel('Role of Rita Reader').inputValue()).toBe('admin');
  });

  it('shows each person’s name and email whole on a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${env.gateway}/console/users`);
      await page.getByText('reader@acme.example').waitFor();
      // The list fits the window (no sideways scrolling to reach a person), each name and email
      // within it, not cut, on at most two lines, and the role lists keep a usable width.
      const list = (await page.evaluate(`(() => {
        const box = document.querySelector('.users-table');
        const cells = [...box.querySelectorAll('td.user-name, td.user-email')].map((td) => {
          const text = document.createRange();
          text.selectNodeContents(td);
          const edge = td.getBoundingClientRect();
          return {
            text: td.textContent,
            inside: edge.left >= 0 && edge.right <= window.innerWidth,
            clipped: td.scrollWidth > td.clientWidth,
            atMostTwoLines: new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size <= 2,
          };
        });
        return {
          fits: box.scrollWidth <= box.clientWidth && box.getBoundingClientRect().right <= window.innerWidth,
          narrowestRoleList: Math.min(...[...box.querySelectorAll('select')].map((s) => s.getBoundingClientRect().width)),
          cells,
        };
      })()`)) as {
        fits: boolean;
        narrowestRoleList: number;
        cells: { text: string; inside: boolean; clipped: boolean; atMostTwoLines: boolean }[];
      };
      expect(list.fits).toBe(true);
      expect(list.narrowestRoleList).toBeGreaterThanOrEqual(80);
      expect(list.cells.length).toBeGreaterThanOrEqual(4);
      for (const cell of list.cells)
        expect(cell).toEqual({ text: cell.text, inside: true, clipped: false, atMostTwoLines: true });
    } finally {
      await page.setViewportSize({ width: 1366, height: 820 });
    }
  });

  it('revokes a webhook connection in the console’s own confirmation, from the keyboard', async () => {
    await page.goto(`${env.gateway}/console/webhooks`);
    await page.getByLabel('Name').fill('Payments sender');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.getByRole('button', { name: 'I have stored the secret' }).click();
    const revoke = page.getByRole('button', { name: 'Revoke Payments sender' });
    await revoke.focus();
    await page.keyboard.press('Enter');
    const ask = page.getByRole('alertdialog', { name: 'Revoke “Payments sender”?' });
    await ask.waitFor();
    // Focus starts on Cancel: Enter there would keep the connection; Tab, Enter revokes it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Payments sender/ });
    await row.getByText('revoked', { exact: false }).waitFor();
    expect(await revoke.count()).toBe(0);
  });

  it('can be used from the keyboard alone, with a visible focus', async () => {
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // From the main content, Tab reaches the first action: Create key; Enter follows the link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Create key');
    const outline = String(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle'));
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an API key' }).waitFor();
    // Create from a template through its summary with keys only (focus moved, never clicked).
    const active = () => page.evaluate('document.activeElement.textContent || document.activeElement.id');
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Keyboard key');
    await page.getByLabel('Template').focus();
    await page.keyboard.press('Tab');
    expect(await active()).toBe('Apply template');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('checkbox', { name: /projects:read/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Review key' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Review the key' }).waitFor();
    expect(await active()).toBe('Review the key');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('Create key');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Copy your secret now' }).waitFor();
    await page.getByRole('button', { name: 'I have stored the secret' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard key' }).waitFor();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.goto(`${env.gateway}/console/keys`);
    await page.getByRole('heading', { name: 'Sign in to Latchkey' }).waitFor();
  });

  it('ran every page above under its Content-Security-Policy without a single violation', () => {
    expect(cspViolations).toEqual([]);
  });

  it('ships a browser-only bundle: the SDK from its sources, no zod, no Node module', async () => {
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(
      await (await fetch(`${env.gateway}/console/`)).text(),
    )?.[1];
    expect(asset).toBeDefined();
    const map = (await (await fetch(`${env.gateway}${asset!}.map`)).json()) as { sources: string[] };
    expect(map.sources).toEqual(
      expect.arrayContaining([expect.stringMatching(/libs\/sdk\/src\/client\.ts$/)]),
    );
    // The contracts declare event schemas with zod; the console imports none of them (sideEffects: false).
    expect(
      map.sources.filter((source) =>
        /node_modules\/zod\/|^node:|\/node_modules\/@types\/node\//.test(source),
      ),
    ).toEqual([]);
  });

  it('serves the console with a strict CSP, nosniff, no referrer and no framing; the API with nosniff', async () => {
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(
      await (await fetch(`${env.gateway}/console/`)).text(),
    )?.[1];
    expect(asset).toBeDefined();
    for (const path of ['/console/', '/console/keys/some-deep-link', asset!, '/console']) {
      const response = await fetch(`${env.gateway}${path}`, { redirect: 'manual' });
      const csp = Object.fromEntries(
        (response.headers.get('content-security-policy') ?? '')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter(([name]) => name)
          .map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect({ path, csp }).toEqual({
        path,
        csp: {
          'default-src': "'none'",
          'script-src': "'self'",
          'style-src': "'self'",
          'img-src': "'self' data:",
          'font-src': "'self'",
          'connect-src': "'self'",
          'manifest-src': "'self'",
          'form-action': "'self'",
          'frame-ancestors': "'none'",
          'object-src': "'none'",
          'base-uri': "'none'",
        },
      });
      expect({
        path,
        nosniff: response.headers.get('x-content-type-options'),
        referrer: response.headers.get('referrer-policy'),
        frame: response.headers.get('x-frame-options'),
      }).toEqual({ path, nosniff: 'nosniff', referrer: 'no-referrer', frame: 'DENY' });
    }
    // API answers, refused at the gateway or proxied from a service: nosniff, and no console policy.
    const demoKey = env.orgs.find((o) => o.demo_key)!.demo_key!;
    const refused = await fetch(`${env.gateway}/v1/projects`);
    const proxied = await fetch(`${env.gateway}/v1/projects`, {
      headers: { authorization: `Bearer ${demoKey}` },
    });
    expect([refused.status, proxied.status]).toEqual([401, 200]);
    for (const response of [refused, proxied]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBeNull();
    }
  });
});
