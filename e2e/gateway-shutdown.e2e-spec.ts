import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@latchkey/testing';
import { startStack, type RunningStack } from './stack-fixture';

/**
 * A gateway replica being replaced (SIGTERM, as a rolling update's) keeps answering what reaches it
 * while it drains: requests in flight finish, and one that arrives meanwhile is served or told to
 * go elsewhere (503) — never a 502 because the replica tore down its upstream pools first.
 */
describe('gateway graceful stop', () => {
  let env: RunningStack;
  let slowUpstream: Server;
  /** Requests the slow upstream holds until released; once `answerAll`, it answers at once. */
  const held: (() => void)[] = [];
  let answerAll = false;

  beforeAll(async () => {
    env = await startStack('gateway-shutdown');
    // Stands in for data-api: answers every request once the test releases it.
    slowUpstream = createServer((_request, response) => {
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"data":[]}');
      };
      if (answerAll) answer();
      else held.push(answer);
    });
    await new Promise<void>((resolve) => slowUpstream.listen(0, '127.0.0.1', resolve));
  }, 180_000);

  afterAll(async () => {
    slowUpstream?.close();
    await env?.teardown();
  });

  it('finishes in-flight requests and never answers 502 while it stops', async () => {
    const key = env.orgs[0]!.demo_key!;
    const port = (slowUpstream.address() as AddressInfo).port;
    const gatewayPort = await freePort();
    const replica = await env.stack.spawnGateway('draining', gatewayPort, {
      DATA_API_URL: `http://127.0.0.1:${port}`,
    });
    const call = () =>
      fetch(`${replica}/v1/projects`, { headers: { authorization: `Bearer ${key}` } }).then(
        (response) => response.status,
        () => 0,
      );
    // The key is verified and cached by a first request, so the next ones need only the proxy.
    const warm = call();
    await until(() => held.length === 1);
    held.shift()!();
    expect(await warm).toBe(200);

    const inFlight = call();
    await until(() => held.length === 1);
    const stopped = env.stack.stopReplica('draining');
    // Arrives while the replica drains its in-flight request.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const arriving = call();
    await new Promise((resolve) => setTimeout(resolve, 300));
    answerAll = true;
    while (held.length > 0) held.shift()!();
    expect(await inFlight).toBe(200);
    // Served (200), refused as the listener closes (503), or not accepted at all (0): never 502.
    expect([200, 503, 0]).toContain(await arriving);
    // Within its shutdown deadline (which exits with 1): after a clean close Nest re-raises SIGTERM,
    // so the process ends by the signal, with no exit code.
    expect(await stopped).toBeNull();
  }, 120_000);
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error('condition not met within 30 s');
}
