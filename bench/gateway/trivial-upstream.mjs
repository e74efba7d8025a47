// 7. The gateway's hop apart from how data-api and PostgreSQL behave behind it: an extra replica in
// front of a trivial upstream answering data-api's body. Run last, so that this replica is not
// among those the revocation and rate-limit runs count.
import { createRequire } from 'node:module';
import { load, load1, median, openLoopProcess, startTrivialUpstream } from '../lib.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('@latchkey/testing');

/** Added latency with one request in flight, 3 rounds; then the open loop at 2,000 req/s, 2 rounds. */
export async function measureTrivialUpstream(bench) {
  const body = await (await fetch(`${bench.gateway}/v1/projects`, { headers: bench.keyHeaders })).text();
  const stub = await startTrivialUpstream(body, await freePort());
  try {
    const stubGateway = await bench.stack.spawnGateway('gateway-stub', await freePort(), {
      ...bench.gatewayEnv,
      DATA_API_URL: stub.origin,
    });
    const viaStubGateway = { origin: stubGateway, path: '/v1/projects', headers: bench.keyHeaders };
    const serialTrivial = [];
    await load({ ...viaStubGateway, seconds: 2 }); // warm-up
    for (let i = 0; i < 3; i++)
      serialTrivial.push({
        gateway: await load({ ...viaStubGateway, connections: 1, seconds: 3 }),
        direct: await load({ origin: stub.origin, path: '/v1/projects', connections: 1, seconds: 3 }),
        load1: load1(),
      });
    const addedMedianTrivialUs = median(serialTrivial.map((r) => r.gateway.p50_us - r.direct.p50_us));
    // The gateway's own added tail, and the floor of the measurement itself (the trivial upstream straight).
    const openTrivial = [];
    for (let i = 0; i < 2; i++)
      openTrivial.push({
        gateway: await openLoopProcess(stubGateway, '/v1/projects', bench.keyHeaders),
        direct: await openLoopProcess(stub.origin, '/v1/projects', {}),
        load1: load1(),
      });
    await bench.stack.stopGateway('gateway-stub');
    return { serialTrivial, addedMedianTrivialUs, openTrivial };
  } finally {
    stub.stop();
  }
}
