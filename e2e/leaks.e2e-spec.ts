import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumOf, generateSecret } from '@latchkey/auth-core';
import { runLatchkey, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';
const LEAK_LIMIT = 6;

/** GitHub's secret scanning reporter, as configured here: a P-256 key pair of the test's own. */
const reporter = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    id: 'gh_test_1',
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (body: string) =>
      sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'der' }).toString('base64'),
  };
})();

interface Verdict {
  token_raw: string;
  token_type: string;
  label: string;
}

describe('leak reports: POST /security/leaks through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let reader: string;
  /** Every secret the tests report, to prove none of them reaches an event, the outbox or a log. */
  const reported = new Set<string>();
  let ipCounter = 0;
  /** A fresh client address per report (the intake throttles per address; one test exhausts one). */
  const freshIp = () => `192.0.2.${++ipCounter}`;

  beforeAll(async () => {
    env = await startStack('leaks', {
      identity: {
        LEAK_REPORTERS: JSON.stringify([{ key_identifier: reporter.id, key: reporter.pem }]),
        LEAK_REPORT_LIMIT: String(LEAK_LIMIT),
        LEAK_REPORT_WINDOW_SECONDS: '60',
      },
      gateway: { TRUSTED_PROXIES: '127.0.0.1' },
    });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    const auditor = await api.call('POST', '/admin/keys', {
      token: owner,
      body: {
        name: 'auditor',
        scopes: ['audit:read'],
        expires_in_days: 7,
        rate_limit: { limit: 100_000, window_seconds: 60 },
      },
    });
    reader = auditor.body['secret'] as string;
  });

  afterAll(async () => {
    await env?.teardown();
  });

  /** Posts a report as its exact bytes, without a Latchkey credential. */
  async function report(body: string, headers: Record<string, string> = {}, ip = freshIp()) {
    const response = await fetch(`${env.gateway}/security/leaks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
  }

  const item = (token: string) => ({
    token,
    type: 'latchkey_api_secret',
    url: 'https://github.com/octo/app/blob/3f2a/.env',
    source: 'content',
  });

  async function setLeakAction(action: 'revoke' | 'quarantine' | 'report') {
    const policy = (await api.call('GET', '/admin/policy', { token: owner })).body;
    const saved = await api.call('PUT', '/admin/policy', {
      token: owner,
      body: { ...policy, leak_action: action },
    });
    expect(saved.status).toBe(200);
    expect(saved.body['leak_action']).toBe(action);
  }

  async function newKey(scopes = ['projects:read', 'projects:write']) {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'leaky', scopes, expires_in_days: 30 },
    });
    expect(created.status).toBe(201);
    const secret = created.body['secret'] as string;
    reported.add(secret);
    return { id: created.body['id'] as string, secret };
  }

  const keyView = async (id: string) => (await api.call('GET', `/admin/keys/${id}`, { token: owner })).body;

  const trail = async (keyId: string, type: string) =>
    ((await api.call('GET', `/audit/events?key_id=${keyId}&type=${type}`, { token: reader })).body['data'] ??
      []) as { data: Record<string, unknown> }[];

  it('an unsigned report of a live secret revokes it (default policy): true_positive, then 401 on use', async () => {
    const { id, secret } = await newKey();
    expect((await api.call('GET', '/v1/projects', { token: secret })).status).toBe(200);

    const answer = await report(JSON.stringify([item(secret)]));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([
      { token_raw: secret, token_type: 'latchkey_api_secret', label: 'true_positive' },
    ]);

    expect((await api.call('GET', '/v1/projects', { token: secret })).status).toBe(401);
    const view = await keyView(id);
    expect(view).toMatchObject({
      status: 'revoked',
      revoked_reason: 'leaked',
      quarantined: false,
      leak: { url: item(secret).url, source: 'content', type: 'latchkey_api_secret', action: 'revoke' },
    });
    expect(view['leaked_at']).toEqual(expect.any(String));

    await waitFor('key.leaked and key.revoked in the trail', async () => {
      const leaked = await trail(id, 'key.leaked');
      const revoked = await trail(id, 'key.revoked');
      return leaked.length === 1 && revoked.length === 1;
    });
    const [leaked] = await trail(id, 'key.leaked');
    expect(leaked?.data).toMatchObject({
      key_id: id,
      url: item(secret).url,
      source: 'content',
      type: 'latchkey_api_secret',
      action: 'revoke',
      signed: false,
      actor: { type: 'system', id: 'leak-report' },
    });
    expect((await trail(id, 'key.revoked'))[0]?.data['reason']).toBe('leaked');

    // Reported again: a revoked key's secret can do nothing any more.
    expect((await report(JSON.stringify([item(secret)]))).json[0].label).toBe('false_positive');
  });

  it('a lookalike with a wrong checksum, an unknown secret and another vendor’s token are false positives', async () => {
    const unknown = generateSecret('live');
    const body = unknown.slice(0, -6);
    const lookalike = body + (checksumOf(body) === 'AAAAAA' ? 'AAAAAB' : 'AAAAAA');
    const answer = await report(
      JSON.stringify([
        item(lookalike),
        item(unknown),
        { ...item('ghp_' + 'x'.repeat(36)), type: 'github_pat' },
      ]),
    );
    expect(answer.status).toBe(200);
    expect((answer.json as Verdict[]).map((v) => v.label)).toEqual([
      'false_positive',
      'false_positive',
      'false_positive',
    ]);
    // Only what the program asks for: nothing of a key, an organisation or an action.
    for (const verdict of answer.json as Verdict[])
      expect(Object.keys(verdict).sort()).toEqual(['label', 'token_raw', 'token_type']);
  });

  it('quarantine policy: the key keeps reading (GET ok), writes get 403 key_quarantined, each use is flagged', async () => {
    await setLeakAction('quarantine');
    try {
      const { id, secret } = await newKey();
      expect((await report(JSON.stringify([item(secret)]))).json[0].label).toBe('true_positive');

      expect((await api.call('GET', '/v1/projects', { token: secret })).status).toBe(200);
      const write = await api.call('POST', '/v1/projects', { token: secret, body: { name: 'After leak' } });
      expect(write.status).toBe(403);
      expect(write.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(write.body['code']).toBe('key_quarantined');
      expect(await keyView(id)).toMatchObject({
        status: 'active',
        quarantined: true,
        leak: { action: 'quarantine' },
      });

      await waitFor('key.leaked and a flagged key.used', async () => {
        const leaked = await trail(id, 'key.leaked');
        const used = await trail(id, 'key.used');
        return leaked.length === 1 && used.some((e) => Number(e.data['quarantined'] ?? 0) > 0);
      });
      expect((await trail(id, 'key.leaked'))[0]?.data['action']).toBe('quarantine');
    } finally {
      await setLeakAction('revoke');
    }
  });

  it('report-only policy: the key stays active and writes; key.leaked is in the audit trail', async () => {
    await setLeakAction('report');
    try {
      const { id, secret } = await newKey();
      expect((await report(JSON.stringify([item(secret)]))).json[0].label).toBe('true_positive');
      const write = await api.call('POST', '/v1/projects', { token: secret, body: { name: 'Still mine' } });
      expect(write.status).toBe(201);
      expect(await keyView(id)).toMatchObject({
        status: 'active',
        quarantined: false,
        leak: { action: 'report' },
      });
      await waitFor('key.leaked in the trail', async () => (await trail(id, 'key.leaked')).length === 1);
    } finally {
      await setLeakAction('revoke');
    }
  });

  it('a signed report verifies against the configured key; a bad signature is 401 invalid_signature and changes nothing', async () => {
    const { id, secret } = await newKey();
    const body = JSON.stringify([item(secret)]);

    const forged = await report(body, {
      'Github-Public-Key-Identifier': reporter.id,
      'Github-Public-Key-Signature': reporter.sign(body.replace('content', 'commits')),
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(forged.json.code).toBe('invalid_signature');
    expect(forged.text).not.toContain(secret);
    const unknownKey = await report(body, {
      'Github-Public-Key-Identifier': 'someone-else',
      'Github-Public-Key-Signature': reporter.sign(body),
    });
    expect(unknownKey.status).toBe(401);
    expect(await keyView(id)).toMatchObject({ status: 'active', leaked_at: null, leak: null });

    const signed = await report(body, {
      'Github-Public-Key-Identifier': reporter.id,
      'Github-Public-Key-Signature': reporter.sign(body),
    });
    expect(signed.status).toBe(200);
    expect(signed.json[0].label).toBe('true_positive');
    await waitFor(
      'signed key.leaked',
      async () => (await trail(id, 'key.leaked'))[0]?.data['signed'] === true,
    );
  });

  it('garbage is 400 in the problem format, never a 5xx, and changes nothing', async () => {
    const { id, secret } = await newKey();
    const garbage = [
      '{',
      '{}',
      '[]',
      '"lk_live_x"',
      'null',
      JSON.stringify([{ type: 'x' }]),
      JSON.stringify([{ token: 12, type: 'x' }]),
      JSON.stringify([{ token: secret }]),
      JSON.stringify([{ ...item(secret), url: 'u'.repeat(5000) }]),
      JSON.stringify(Array.from({ length: 101 }, () => item(secret))),
      JSON.stringify([{ ...item(secret), token: 'lk_live_\u0000' }]),
    ];
    for (const body of garbage) {
      const answer = await report(body);
      expect([body.slice(0, 40), answer.status]).toEqual([body.slice(0, 40), 400]);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.json.code).toBe('invalid_request');
    }
    const headerGarbage = await report(JSON.stringify([item(secret)]), {
      'Github-Public-Key-Identifier': reporter.id,
      'Github-Public-Key-Signature': '%%%not-base64%%%',
    });
    expect(headerGarbage.status).toBe(401);
    const notJson = await fetch(`${env.gateway}/security/leaks`, {
      method: 'POST',
      headers: { 'content-type': 'text/html', 'x-forwarded-for': freshIp() },
      body: '<p>hi</p>',
    });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    expect(await keyView(id)).toMatchObject({ status: 'active', leaked_at: null });
  });

  it('reports are throttled per client address: 429 rate_limited with Retry-After; other addresses go on', async () => {
    const ip = '203.0.113.77';
    const body = JSON.stringify([item(generateSecret('test'))]);
    for (let i = 0; i < LEAK_LIMIT; i++) expect((await report(body, {}, ip)).status).toBe(200);
    const throttled = await report(body, {}, ip);
    expect(throttled.status).toBe(429);
    expect(throttled.json.code).toBe('rate_limited');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await report(body, {}, '203.0.113.78')).status).toBe(200);
  });

  it('latchkey scan --report finds a secret in a file, reports it to the intake and prints its verdict', async () => {
    const { id, secret } = await newKey();
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-leak-scan-'));
    try {
      writeFileSync(join(dir, 'settings.env'), `NAME=crm\nLATCHKEY_SECRET=${secret}\n`);
      const run = await runLatchkey(['scan', dir, '--report', env.gateway], { HOME: dir });
      expect(run.code).toBe(10);
      expect(run.stdout).toContain(`settings.env:2: ${secret.slice(0, 12)}… (true_positive)`);
      expect(run.stdout + run.stderr).not.toContain(secret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await keyView(id)).toMatchObject({ status: 'revoked', leak: { source: 'content' } });
  });

  it('no reported secret ever reaches an event, the outbox or a log line', async () => {
    const { secret } = await newKey();
    await report(JSON.stringify([item(secret)]));
    const logs = ['identity', 'gateway', 'data-api', 'audit']
      .map((s) => readFileSync(env.stack.logFile(s as never), 'utf8'))
      .join('\n');
    const outbox = JSON.stringify(await sql(env.db.url, 'select payload from identity.outbox'));
    const events = JSON.stringify(await sql(env.db.url, 'select * from audit.events'));
    expect(reported.size).toBeGreaterThan(5);
    for (const token of reported) {
      expect(outbox).not.toContain(token);
      expect(events).not.toContain(token);
      expect(logs).not.toContain(token);
    }
    expect(outbox).toContain('key.leaked');
  });
});
