import type { NatsConnection } from '@nats-io/nats-core';
import { subjectsFor } from '@latchkey/contracts';
import { busConnectionOptions } from '@latchkey/messaging';
import { PrivateNatsServer, testBusLayout, waitFor } from '@latchkey/testing';
import { LookupResponder } from './lookup-responder';

jest.setTimeout(120_000);

/**
 * Identity's lookup responder against a real nats-server: it reconnects after the server comes
 * back, and it is not ready once a subscription or its connection is gone for good (a Ready pod
 * that answers no lookup empties every gateway's cache misses).
 */
describe('lookup responder', () => {
  let server: PrivateNatsServer;
  let responder: LookupResponder | undefined;
  let client: NatsConnection | undefined;

  const layout = testBusLayout();
  const subjects = subjectsFor(layout.subjectPrefix);

  beforeAll(async () => {
    server = await PrivateNatsServer.start(layout);
  });

  afterEach(async () => {
    await responder?.close();
    await client?.close();
  });

  afterAll(async () => {
    await server.remove();
  });

  /** As identity runs it: its nkey, its bus options; optionally a handler it may not subscribe to. */
  async function started(forbidden?: string): Promise<LookupResponder> {
    const rpc = new LookupResponder({
      ...busConnectionOptions(server.url, 'identity-rpc', {
        user: 'identity',
        seed: server.seedOf('identity'),
      }),
      queue: 'identity',
    });
    rpc.addHandler(subjects.keyLookup, async (request: { n: number }) => ({ n: request.n + 1 }));
    if (forbidden) rpc.addHandler(forbidden, async () => ({}));
    await new Promise<void>((resolve, reject) => {
      void rpc.listen((error?: unknown) => (error ? reject(error as Error) : resolve()));
    });
    responder = rpc;
    return rpc;
  }

  it('is ready while its subscriptions serve', async () => {
    const rpc = await started();
    await expect(rpc.readiness().check()).resolves.toBeUndefined();
    client = await server.connect('gateway');
    const reply = await client.request(
      subjects.keyLookup,
      JSON.stringify({ id: '1', pattern: subjects.keyLookup, data: { n: 1 } }),
      { timeout: 10_000 },
    );
    expect(reply.json<{ response: unknown }>().response).toEqual({ n: 2 });
  });

  it('is not ready once a subscription is gone (here: refused by the server)', async () => {
    const rpc = await started(`${layout.subjectPrefix}.not_for_identity`);
    const check = rpc.readiness();
    // The server answers the refused SUB with a permissions violation, which closes that subscription.
    await waitFor(
      'the refused subscription closed',
      () =>
        check.check().then(
          () => false,
          () => true,
        ),
      {
        timeoutMs: 30_000,
      },
    );
    await expect(check.check()).rejects.toThrow('lookup responder subscription closed');
  });

  it('is not ready once its connection is closed for good', async () => {
    const rpc = await started();
    const check = rpc.readiness();
    await rpc.unwrap<NatsConnection>().close();
    await expect(check.check()).rejects.toThrow('lookup responder connection closed');
  });

  it("is not ready once nats.js gave up reconnecting (the old responder's defaults: 10 attempts)", async () => {
    // Before it had the bus's options, the responder ran with nats.js's defaults: 10 attempts
    // 2 s apart, then closed for good after ~20 s while identity stayed Ready. Here 10 attempts
    // 100 ms apart: the same giving up, sooner.
    const rpc = new LookupResponder({
      ...busConnectionOptions(server.url, 'identity-rpc', {
        user: 'identity',
        seed: server.seedOf('identity'),
      }),
      maxReconnectAttempts: 10,
      reconnectTimeWait: 100,
      reconnectDelayHandler: () => 100,
    });
    rpc.addHandler(subjects.keyLookup, async () => ({}));
    await new Promise<void>((resolve, reject) => {
      void rpc.listen((error?: unknown) => (error ? reject(error as Error) : resolve()));
    });
    responder = rpc;
    const check = rpc.readiness();
    await server.halt();
    try {
      await waitFor(
        'the responder giving up',
        () =>
          check.check().then(
            () => false,
            () => true,
          ),
        {
          timeoutMs: 30_000,
        },
      );
    } finally {
      await server.resume();
    }
    await expect(check.check()).rejects.toThrow('lookup responder connection closed');
  });

  it('with the bus options, answers again after an outage longer than nats.js default budget', async () => {
    const rpc = await started();
    await server.halt();
    // Longer than the ~20 s after which nats.js's defaults give up.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    await server.resume();
    client = await server.connect('gateway');
    const asker = client;
    await waitFor(
      'a lookup answered after the outage',
      async () => {
        const reply = await asker.request(
          subjects.keyLookup,
          JSON.stringify({ id: '2', pattern: subjects.keyLookup, data: { n: 41 } }),
          { timeout: 2_000 },
        );
        return JSON.stringify(reply.json<{ response: unknown }>().response) === '{"n":42}';
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await expect(rpc.readiness().check()).resolves.toBeUndefined();
  });

  it('is not ready before it started', async () => {
    const rpc = new LookupResponder({ servers: [server.url] });
    await expect(rpc.readiness().check()).rejects.toThrow('not started');
  });
});
