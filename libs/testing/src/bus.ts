import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const DEFAULT_NATS_URL = process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface TestBus {
  stream: string;
  subjectPrefix: string;
  /** Deletes the stream (and its consumers). */
  remove(): Promise<void>;
}

/** A stream and subject prefix of its own for one test file, so parallel test files never meet. */
export function createTestBus(natsUrl = DEFAULT_NATS_URL): TestBus {
  const suffix = randomBytes(5).toString('hex');
  const stream = `LKTEST_${suffix.toUpperCase()}`;
  return {
    stream,
    subjectPrefix: `lktest_${suffix}`,
    remove: async () => {
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(stream).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
}
