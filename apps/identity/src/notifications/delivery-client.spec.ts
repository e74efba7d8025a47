import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DeliveryClient, guardedLookup } from './delivery-client';

const lookupOf = (allowLoopback: boolean, host: string) =>
  new Promise<{ error: Error | null; address: string | unknown }>((resolve) =>
    guardedLookup({ allowLoopback })(host, {}, (error, address) => resolve({ error, address })),
  );

describe('delivery client', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  let last: unknown;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/redirect') return void res.writeHead(307, { location: `${base}/inside` }).end();
        last = { headers: req.headers, body: Buffer.concat(chunks).toString() };
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('the connection lookup refuses a name that resolves to a refused address, and hands over the checked one', async () => {
    const refused = await lookupOf(false, 'localhost');
    expect(refused.error?.message).toMatch(/refused destination: .*not a public address/);
    const allowed = await lookupOf(true, 'localhost');
    expect(allowed.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowed.address);
  });

  it('refuses a loopback destination without the development flag, before connecting', async () => {
    const client = new DeliveryClient({ allowLoopback: false });
    const before = hits.length;
    const result = await client.post({
      url: `${base}/hook`,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      messageId: 'ndl_1',
      body: '{}',
      timeoutMs: 2000,
    });
    await client.close();
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toContain('refused destination');
    expect(hits.length).toBe(before);
  });

  it('does not follow redirects: a 3xx is a failed attempt and its target is never asked', async () => {
    const client = new DeliveryClient({ allowLoopback: true });
    const result = await client.post({
      url: `${base}/redirect`,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      messageId: 'ndl_2',
      body: '{}',
      timeoutMs: 2000,
    });
    await client.close();
    expect(result).toMatchObject({ ok: false, statusCode: 307 });
    expect(hits).not.toContain('/inside');
  });

  it('signs what it sends per Standard Webhooks, with the delivery id as webhook-id', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const client = new DeliveryClient({ allowLoopback: true });
    const body = JSON.stringify({ type: 'policy.updated', data: {} });
    const result = await client.post({
      url: `${base}/hook`,
      secret,
      messageId: 'ndl_3',
      body,
      timeoutMs: 2000,
    });
    await client.close();
    expect(result.ok).toBe(true);
    const seen = last as { headers: Record<string, string>; body: string };
    expect(seen.headers['webhook-id']).toBe('ndl_3');
    expect(new Webhook(secret).verify(seen.body, seen.headers)).toEqual(JSON.parse(body));
  });
});
