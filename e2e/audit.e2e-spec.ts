import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { compactVerify, importJWK } from 'jose';
import { SignedArtefactPurpose } from '@latchkey/contracts';
import { REPO_ROOT, sql, waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';

interface AuditEvent {
  id: string;
  seq: number;
  type: string;
  key_id: string | null;
  outcome: string | null;
  data: Record<string, unknown>;
}

describe('audit: query, export, live tail, usage, tamper evidence, dead letters', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  let reader: string;

  beforeAll(async () => {
    env = await startStack('audit', { audit: { AUDIT_CHECKPOINT_INTERVAL_MS: '300' } });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
    const key = await api.call('POST', '/admin/keys', {
      token: owner,
      body: {
        name: 'auditor',
        scopes: ['audit:read'],
        expires_in_days: 7,
        // The tests poll the trail while waiting for events.
        rate_limit: { limit: 100_000, window_seconds: 60 },
      },
    });
    reader = key.body['secret'] as string;
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const events = async (query: string) =>
    ((await api.call('GET', `/audit/events${query}`, { token: reader })).body['data'] ?? []) as AuditEvent[];

  async function useKey(times: number, scopes = ['projects:read']): Promise<string> {
    const key = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'used', scopes, expires_in_days: 7 },
    });
    for (let i = 0; i < times; i++)
      await api.call('GET', '/v1/projects', { token: key.body['secret'] as string });
    await api.call('GET', '/v1/leads', { token: key.body['secret'] as string });
    return key.body['id'] as string;
  }

  it('filters by key, type and outcome, newest first, with a cursor', async () => {
    const keyId = await useKey(3);
    // Usage may arrive as more than one key.used (one per flush): wait for each kind, not a count.
    const kinds = ['key.created', 'key.used', 'auth.denied'];
    await waitFor(
      'usage and denial to arrive',
      async () => {
        const types = new Set((await events(`?key_id=${keyId}`)).map((e) => e.type));
        return kinds.every((kind) => types.has(kind));
      },
      { timeoutMs: 15_000 },
    );
    const all = await events(`?key_id=${keyId}`);
    expect(all.every((e) => e.key_id === keyId)).toBe(true);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e.type))).toEqual(new Set(kinds));
    const denied = await events(`?key_id=${keyId}&outcome=denied:insufficient_scope`);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.type).toBe('auth.denied');
    const first = await api.call('GET', `/audit/events?key_id=${keyId}&limit=1`, { token: reader });
    const second = await api.call(
      'GET',
      `/audit/events?key_id=${keyId}&limit=1&cursor=${String(first.body['next_cursor'])}`,
      { token: reader },
    );
    expect((second.body['data'] as AuditEvent[])[0]!.seq).toBeLessThan(
      (first.body['data'] as AuditEvent[])[0]!.seq,
    );
    const bad = await api.call('GET', '/audit/events?type=key.exploded', { token: reader });
    expect({ status: bad.status, code: bad.body['code'] }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('a key renamed with every field re-sent reaches the trail as key.updated with the name alone, old and new', async () => {
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'before', scopes: ['projects:read'], expires_in_days: 7 },
    });
    const keyId = created.body['id'] as string;
    const patched = await api.call('PATCH', `/admin/keys/${keyId}`, {
      token: owner,
      body: {
        name: 'after',
        scopes: created.body['scopes'],
        allowed_paths: created.body['allowed_paths'],
        allowed_ips: created.body['allowed_ips'],
        rate_limit: created.body['rate_limit'],
      },
    });
    expect(patched.status).toBe(200);
    await waitFor(
      'key.updated in the trail',
      async () => (await events(`?key_id=${keyId}&type=key.updated`)).length > 0,
      { timeoutMs: 15_000 },
    );
    const updated = await events(`?key_id=${keyId}&type=key.updated`);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data).toMatchObject({
      key_id: keyId,
      changes: ['name'],
      diff: { name: { old: 'before', new: 'after' } },
      scopes: ['projects:read'],
    });
    expect(Object.keys(updated[0]!.data['diff'] as object)).toEqual(['name']);
  });

  it('per-key usage rollups count requests by status per hour and per day', async () => {
    const keyId = await useKey(4);
    await waitFor(
      'rollups',
      async () => {
        const usage = await api.call('GET', `/audit/keys/${keyId}/usage?period=hour`, { token: reader });
        return usage.body['total_requests'] === 5;
      },
      { timeoutMs: 15_000 },
    );
    const daily = (await api.call('GET', `/audit/keys/${keyId}/usage?period=day`, { token: reader })).body;
    expect(daily['total_requests']).toBe(5);
    const bucket = (daily['buckets'] as { by_status: Record<string, number> }[])[0]!;
    expect(bucket.by_status).toEqual({ '200': 4, '403': 1 });
    expect(daily['last_client_ip']).toEqual(expect.any(String));
    expect(daily['last_used_at']).toEqual(expect.any(String));
  });

  it('exports NDJSON and CSV with the same filters, streamed', async () => {
    const ndjson = await fetch(`${env.gateway}/audit/events/export?format=ndjson&type=key.created`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(ndjson.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await ndjson.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEvent);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((e) => e.type === 'key.created')).toBe(true);
    const csv = await fetch(`${env.gateway}/audit/events/export?format=csv&type=key.created`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe(
      'id,seq,type,occurred_at,received_at,key_id,actor_id,outcome,subject,source,chain_seq,hash,data',
    );
    expect(rows.length - 1).toBe(lines.length);
  });

  it('live tail (SSE) delivers new matching events and resumes from Last-Event-ID', async () => {
    const controller = new AbortController();
    const response = await fetch(`${env.gateway}/audit/events/stream?type=key.created`, {
      headers: { authorization: `Bearer ${reader}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const decoder = new TextDecoder();
    const body = response.body!.getReader();
    let buffer = '';
    const created = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'tailed', scopes: ['leads:read'], expires_in_days: 7 },
    });
    let lastId = '';
    while (!buffer.includes(String(created.body['id']))) {
      const { value, done } = await body.read();
      if (done) break;
      buffer += decoder.decode(value);
    }
    const frame = buffer.split('\n\n').find((f) => f.includes(String(created.body['id'])))!;
    lastId = /^id: (\d+)$/m.exec(frame)![1]!;
    expect(frame).toMatch(/^event: key\.created$/m);
    controller.abort();

    // Two more keys while disconnected; a resume with Last-Event-ID receives exactly those.
    const later: string[] = [];
    for (const name of ['after-1', 'after-2']) {
      later.push(
        (
          await api.call('POST', '/admin/keys', {
            token: owner,
            body: { name, scopes: ['leads:read'], expires_in_days: 7 },
          })
        ).body['id'] as string,
      );
    }
    const resumed = new AbortController();
    const again = await fetch(`${env.gateway}/audit/events/stream?type=key.created`, {
      headers: { authorization: `Bearer ${reader}`, 'last-event-id': lastId },
      signal: resumed.signal,
    });
    const reader2 = again.body!.getReader();
    let text = '';
    await waitFor(
      'both later events after the resume point',
      async () => {
        const { value } = await reader2.read();
        text += decoder.decode(value);
        return later.every((id) => text.includes(id));
      },
      { timeoutMs: 15_000, intervalMs: 0 },
    );
    expect(text).not.toContain(String(created.body['id']));
    resumed.abort();
  });

  /** Opens a live tail through the gateway; resolves once its first frame (the position) arrived. */
  async function openTail(token: string) {
    const response = await fetch(`${env.gateway}/audit/events/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const stream = response.body!.getReader();
    const first = new TextDecoder().decode((await stream.read()).value);
    // The resume position comes first, before any event.
    expect(first).toMatch(/^id: \d+$/m);
    /** Milliseconds until the stream ends, from now. */
    const ended = async () => {
      const started = Date.now();
      for (;;) if ((await stream.read()).done) return Date.now() - started;
    };
    return { ended };
  }

  // Promptly: a couple of seconds at most; the bound below leaves room for a loaded machine and is
  // still far below the 30 s a principal lives (what the tail ran for before).
  const PROMPTLY_MS = 5_000;

  it("a revoked key's live tail ends at once, and the key cannot open another", async () => {
    const tailer = await api.call('POST', '/admin/keys', {
      token: owner,
      body: { name: 'tailer', scopes: ['audit:read'], expires_in_days: 7 },
    });
    const secret = tailer.body['secret'] as string;
    const tail = await openTail(secret);
    const ended = tail.ended();
    const revoked = await api.call('POST', `/admin/keys/${tailer.body['id'] as string}/revoke`, {
      token: owner,
      body: { reason: 'tail test' },
    });
    expect(revoked.status).toBe(200);
    expect(await ended).toBeLessThanOrEqual(PROMPTLY_MS);
    // Coming back through the gateway with the revoked key is refused.
    const again = await fetch(`${env.gateway}/audit/events/stream`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(again.status).toBe(401);
  });

  it("a disabled user's live tail ends at once; another key's tail goes on", async () => {
    const email = `tail-${Date.now()}@acme.example`;
    const created = await api.call('POST', '/admin/users', {
      token: owner,
      body: { email, name: 'Tailing admin', role: 'admin', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    const admin = await api.login(email, 'a-long-password-1');
    const userTail = await openTail(admin);
    const bystander = await openTail(reader);
    const userEnded = userTail.ended();
    let bystanderEnded = false;
    void bystander
      .ended()
      .then(() => (bystanderEnded = true))
      .catch(() => undefined);
    const disabled = await api.call('PATCH', `/admin/users/${created.body['id'] as string}`, {
      token: owner,
      body: { status: 'disabled' },
    });
    expect(disabled.status).toBe(200);
    expect(await userEnded).toBeLessThanOrEqual(PROMPTLY_MS);
    expect(bystanderEnded).toBe(false);
  });

  it('tamper evidence: a row changed in PostgreSQL is reported by /audit/verify', async () => {
    await waitFor('a signed checkpoint', async () => {
      const list = await api.call('GET', '/audit/checkpoints', { token: reader });
      return ((list.body['data'] as unknown[]) ?? []).length > 0;
    });
    const checkpoints = (await api.call('GET', '/audit/checkpoints', { token: reader })).body;
    const [latest] = checkpoints['data'] as { signature: string; hash: string }[];
    const { payload, protectedHeader } = await compactVerify(
      latest!.signature,
      await importJWK(checkpoints['public_key'] as never, 'EdDSA'),
    );
    // It says what it is, for an auditor too: never to be taken for a retention cut (ADR 0016).
    expect(protectedHeader.typ).toBe(SignedArtefactPurpose.AuditCheckpoint);
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      org_id: env.orgs[0]!.org_id,
      hash: latest!.hash,
    });
    // The same key is published without any credential, for auditors to keep and check against.
    const published = await fetch(`${env.gateway}/.well-known/audit-checkpoint-keys.json`);
    expect(published.status).toBe(200);
    const { keys } = (await published.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
    await compactVerify(latest!.signature, await importJWK(keys[0] as never, 'EdDSA'));

    const clean = await api.call('GET', '/audit/verify', { token: reader });
    expect(clean.body).toMatchObject({
      ok: true,
      first_broken: null,
      legacy_signatures: 0,
      latest_checkpoint: { signature_valid: true },
    });
    const [victim] = await sql<{ id: string }>(
      env.db.url,
      'select id from audit.events where org_id = $1 order by chain_seq limit 1 offset 2',
      [env.orgs[0]!.org_id],
    );
    await sql(
      env.db.url,
      `update audit.events set occurred_at = occurred_at - interval '1 day' where id = $1`,
      [victim!.id],
    );
    const broken = await api.call('GET', '/audit/verify', { token: reader });
    expect(broken.body).toMatchObject({
      ok: false,
      first_broken: { id: victim!.id, reason: 'hash_mismatch' },
    });
    // The same check offline, from the database: e2e/cli.e2e-spec.ts (latchkey audit verify-chain).
  });

  it('a message that can never be stored goes to the dead-letter stream, not the trail', async () => {
    // Identity may emit key.created: its credentials put the malformed messages on the stream.
    const nc = await env.bus.server.connect('identity');
    const operator = await env.bus.server.connect('operator');
    try {
      const js = jetstream(nc);
      const subject = `${env.bus.subjectPrefix}.${env.orgs[0]!.org_id}.key.created`;
      await js.publish(subject, 'not json at all');
      await js.publish(
        subject,
        JSON.stringify({
          specversion: '1.0',
          id: 'evt_unknown_type_1',
          source: 'x',
          type: 'dev.latchkey.key.exploded',
          time: new Date().toISOString(),
          orgid: env.orgs[0]!.org_id,
          data: {},
        }),
      );
      const jsm = await jetstreamManager(operator);
      await waitFor(
        'two dead letters',
        async () => (await jsm.streams.info(`${env.bus.stream}_DLQ`)).state.messages === 2,
        { timeoutMs: 15_000 },
      );
      const dead = await jsm.streams.getMessage(`${env.bus.stream}_DLQ`, { seq: 1 });
      expect(dead?.header.get('Latchkey-Dead-Letter-Reason')).toBeTruthy();
      expect(dead?.header.get('Latchkey-Original-Subject')).toBe(subject);
      expect(await sql(env.db.url, "select id from audit.events where id = 'evt_unknown_type_1'")).toEqual(
        [],
      );
      const metrics = await (await fetch(`${env.stack.opsUrl('audit')}/metrics`)).text();
      expect(metrics).toMatch(/audit_dead_letters_total\{reason="[^"]+"\} [12]/);
      await jsm.streams.delete(`${env.bus.stream}_DLQ`);
    } finally {
      await nc.close();
      await operator.close();
    }
  });

  // After the dead-letter test: audit dead-letters the example's message that is not an event.
  it('the example consumer follows events with its own durable consumer and skips what is not an event', async () => {
    const consumer = spawn(
      process.execPath,
      [join(REPO_ROOT, 'examples/audit-consumer/consume.mjs'), `${env.bus.subjectPrefix}.*.key.revoked`],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          NATS_URL: env.bus.server.url,
          // An external consumer reads with the operator's key (it can publish no event).
          NATS_NKEY_SEED: env.bus.server.seedOf('operator'),
          NATS_STREAM: env.bus.stream,
          CONSUMER_NAME: 'example-test',
        },
      },
    );
    let out = '';
    let err = '';
    consumer.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    consumer.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await waitFor('the example to start', async () => err.includes('consuming'), { timeoutMs: 15_000 });
      const nc = await env.bus.server.connect('identity');
      await jetstream(nc).publish(
        `${env.bus.subjectPrefix}.${env.orgs[0]!.org_id}.key.revoked`,
        'not an event',
      );
      await nc.close();
      const key = await api.call('POST', '/admin/keys', {
        token: owner,
        body: { name: 'followed', scopes: ['leads:read'], expires_in_days: 7 },
      });
      await api.call('POST', `/admin/keys/${key.body['id'] as string}/revoke`, {
        token: owner,
        body: { reason: 'example' },
      });
      await waitFor('the revocation printed', async () => out.includes(key.body['id'] as string), {
        timeoutMs: 15_000,
      });
      expect(out).toMatch(/key\.revoked/);
      // Only revocations (its filter), and it is still running after the message that is not an event.
      expect(out).not.toMatch(/key\.created/);
      expect(err).toMatch(/skipping .* not a CloudEvent/);
      expect(consumer.exitCode).toBeNull();
    } finally {
      consumer.kill('SIGINT');
    }
  });
});
