import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '@latchkey/testing';
import { GatewayClient } from './identity-client';
import { startStack, type RunningStack } from './stack-fixture';

jest.setTimeout(180_000);

const PASSWORD = 'latchkey-demo';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1: answers each path with the statuses queued for it, then 200. */
function receiver() {
  const received: Received[] = [];
  const queued = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = queued.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
    });
  });
  return { server, received, queued };
}

describe('notifications: signed deliveries to organisation endpoints, through the gateway', () => {
  let env: RunningStack;
  let api: GatewayClient;
  let owner: string;
  const hooks = receiver();
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => hooks.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(hooks.server.address() as AddressInfo).port}`;
    env = await startStack('notifications', {
      identity: {
        NOTIFICATIONS_ALLOW_LOCAL: 'true',
        NOTIFICATION_POLL_MS: '100',
        NOTIFICATION_RETRY_BASE_MS: '200',
      },
    });
    api = new GatewayClient(env.gateway);
    owner = await api.login('owner@acme.example', PASSWORD);
  });

  afterAll(async () => {
    await env?.teardown();
    await new Promise((resolve) => hooks.server.close(resolve));
  });

  const createEndpoint = (path: string, eventTypes: string[], token = owner) =>
    api.call('POST', '/admin/notifications/endpoints', {
      token,
      body: { url: `${base}${path}`, event_types: eventTypes, description: path },
    });

  const deliveriesOf = async (id: string) => {
    const response = await api.call('GET', `/admin/notifications/endpoints/${id}/deliveries`, {
      token: owner,
    });
    expect(response.status).toBe(200);
    return response.body['data'] as Array<{
      id: string;
      status: string;
      event_type: string;
      attempts: Array<{
        attempt: number;
        status_code: number | null;
        error: string | null;
        next_attempt_at: string | null;
      }>;
    }>;
  };

  // Each call a new value: an unchanged policy emits no policy.updated.
  let lifetime = 400;
  const updatePolicy = () =>
    api.call('PUT', '/admin/policy', { token: owner, body: { max_key_lifetime_days: (lifetime -= 1) } });

  it('an event of a subscribed type is delivered once per endpoint, signed per Standard Webhooks; an unsubscribed type is not', async () => {
    const ok = await createEndpoint('/ok', ['policy.updated', 'key.leaked']);
    expect(ok.status).toBe(201);
    const secret = ok.body['secret'] as string;
    expect(secret).toMatch(/^whsec_/);
    const other = await createEndpoint('/unsubscribed', ['key.leaked']);
    expect(other.status).toBe(201);

    // The secret is shown once: never in a list or a read.
    const list = await api.call('GET', '/admin/notifications/endpoints', { token: owner });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const read = await api.call('GET', `/admin/notifications/endpoints/${ok.body['id'] as string}`, {
      token: owner,
    });
    expect(read.status).toBe(200);
    expect(read.body['secret']).toBeUndefined();

    expect((await updatePolicy()).status).toBe(200);
    await waitFor('the delivery to /ok', async () => hooks.received.some((r) => r.path === '/ok'));
    const [delivery] = hooks.received.filter((r) => r.path === '/ok');
    const payload = new Webhook(secret).verify(delivery!.body, {
      'webhook-id': delivery!.headers['webhook-id'] as string,
      'webhook-timestamp': delivery!.headers['webhook-timestamp'] as string,
      'webhook-signature': delivery!.headers['webhook-signature'] as string,
    }) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe('policy.updated');
    // A wrong secret does not verify it: the signature is over this body with this endpoint's secret.
    expect(() =>
      new Webhook(other.body['secret'] as string).verify(delivery!.body, {
        'webhook-id': delivery!.headers['webhook-id'] as string,
        'webhook-timestamp': delivery!.headers['webhook-timestamp'] as string,
        'webhook-signature': delivery!.headers['webhook-signature'] as string,
      }),
    ).toThrow();

    await waitFor(
      'the delivery log',
      async () => (await deliveriesOf(ok.body['id'] as string))[0]?.status === 'succeeded',
    );
    const [logged] = await deliveriesOf(ok.body['id'] as string);
    expect(logged!.id).toBe(delivery!.headers['webhook-id']);
    expect(logged!.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 200, error: null }),
    ]);

    // Well after: the endpoint not subscribed to policy.updated got nothing, and has no delivery.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hooks.received.filter((r) => r.path === '/unsubscribed')).toEqual([]);
    expect(await deliveriesOf(other.body['id'] as string)).toEqual([]);
    expect(hooks.received.filter((r) => r.path === '/ok')).toHaveLength(1);
  });

  it('a receiver answering 500 is retried with back-off until it succeeds; every attempt is visible', async () => {
    hooks.queued.set('/flaky', [500, 500]);
    const flaky = await createEndpoint('/flaky', ['policy.updated']);
    expect(flaky.status).toBe(201);
    expect((await updatePolicy()).status).toBe(200);
    const id = flaky.body['id'] as string;
    await waitFor('the third attempt', async () => (await deliveriesOf(id))[0]?.status === 'succeeded', {
      timeoutMs: 30_000,
    });
    const [delivery] = await deliveriesOf(id);
    expect(delivery!.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(delivery!.attempts[0]!.error).toContain('500');
    expect(delivery!.attempts[0]!.next_attempt_at).not.toBeNull();
    expect(delivery!.attempts[2]!.next_attempt_at).toBeNull();
    // Every attempt carried the same webhook-id.
    const ids = new Set(
      hooks.received.filter((r) => r.path === '/flaky').map((r) => r.headers['webhook-id']),
    );
    expect([...ids]).toEqual([delivery!.id]);
  });

  it('after its last attempt a delivery is dead-lettered, and a redeliver sends it again', async () => {
    hooks.queued.set(
      '/dead',
      Array.from({ length: 8 }, () => 503),
    );
    const dead = await createEndpoint('/dead', ['policy.updated']);
    const id = dead.body['id'] as string;
    expect((await updatePolicy()).status).toBe(200);
    await waitFor('the dead letter', async () => (await deliveriesOf(id))[0]?.status === 'dead', {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
    const [delivery] = await deliveriesOf(id);
    expect(delivery!.attempts).toHaveLength(8);
    expect(delivery!.attempts[7]!.next_attempt_at).toBeNull();

    const again = await api.call('POST', `/admin/notifications/deliveries/${delivery!.id}/redeliver`, {
      token: owner,
    });
    expect(again.status).toBe(202);
    await waitFor('the redelivery', async () => (await deliveriesOf(id))[0]?.status === 'succeeded');
    const [after] = await deliveriesOf(id);
    expect(after!.attempts).toHaveLength(9);
    expect(after!.attempts[8]).toEqual(expect.objectContaining({ attempt: 9, status_code: 200 }));
    // A delivery that is not dead is not redelivered.
    const twice = await api.call('POST', `/admin/notifications/deliveries/${delivery!.id}/redeliver`, {
      token: owner,
    });
    expect(twice.status).toBe(409);
  });

  it('a non-public URL is refused with 400 even with the development flag, and nothing is stored', async () => {
    for (const url of ['http://10.0.0.5/x', 'https://169.254.169.254/latest', 'http://example.com/x']) {
      const response = await api.call('POST', '/admin/notifications/endpoints', {
        token: owner,
        body: { url, event_types: ['policy.updated'] },
      });
      expect([url, response.status, response.body['code']]).toEqual([url, 400, 'invalid_request']);
    }
    const list = await api.call('GET', '/admin/notifications/endpoints', { token: owner });
    const urls = (list.body['data'] as Array<{ url: string }>).map((e) => e.url);
    expect(urls.every((u) => u.startsWith(base))).toBe(true);
  });

  it('members may not manage endpoints and other organisations cannot see them', async () => {
    const member = await api.login('member@acme.example', PASSWORD);
    const otherOwner = await api.login('owner@globex.example', PASSWORD);
    expect((await createEndpoint('/m', ['policy.updated'], member)).status).toBe(403);
    const mine = await createEndpoint('/mine', ['policy.updated']);
    const id = mine.body['id'] as string;
    const theirs = await api.call('GET', `/admin/notifications/endpoints/${id}`, { token: otherOwner });
    expect(theirs.status).toBe(404);
    const rotated = await api.call('POST', `/admin/notifications/endpoints/${id}/rotate-secret`, {
      token: owner,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body['secret']).toMatch(/^whsec_/);
    expect(rotated.body['secret']).not.toBe(mine.body['secret']);
    const patched = await api.call('PATCH', `/admin/notifications/endpoints/${id}`, {
      token: owner,
      body: { event_types: ['key.leaked'] },
    });
    expect(patched.body['event_types']).toEqual(['key.leaked']);
    expect((await api.call('DELETE', `/admin/notifications/endpoints/${id}`, { token: owner })).status).toBe(
      204,
    );
    expect((await api.call('GET', `/admin/notifications/endpoints/${id}`, { token: owner })).status).toBe(
      404,
    );
  });
});
