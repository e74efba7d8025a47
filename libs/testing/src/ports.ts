import { createServer } from 'node:net';

/**
 * Ports for test stacks come from a block of their own per Jest worker, below Linux's ephemeral range
 * (32768+), and are never handed out twice by one process. Letting the OS pick (port 0) was racy:
 * two workers starting stacks at once could be given the same port between "free" and "bound", and a
 * readiness probe then reached the other worker's service.
 */
const BLOCK_SIZE = 750;
const FIRST_PORT = 20_000;
const BLOCKS = 16;
/**
 * LATCHKEY_PORT_BLOCK shifts the blocks by two (a run's two workers), so separate Jest runs on one
 * machine (a developer's checkouts side by side) stay out of each other's ports too.
 */
const runOffset = 2 * Number(process.env['LATCHKEY_PORT_BLOCK'] ?? 0);
const block =
  ((process.env['JEST_WORKER_ID'] ? Number(process.env['JEST_WORKER_ID']) : process.pid) + runOffset) %
  BLOCKS;
let nextOffset = Math.floor(Math.random() * BLOCK_SIZE);
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port that is free now and that no other test worker will be given. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < BLOCK_SIZE; tries++) {
    const port = FIRST_PORT + block * BLOCK_SIZE + (nextOffset++ % BLOCK_SIZE);
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(
    `no free port left in ${FIRST_PORT + block * BLOCK_SIZE}–${FIRST_PORT + (block + 1) * BLOCK_SIZE - 1}`,
  );
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs = 30_000, intervalMs = 100 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
