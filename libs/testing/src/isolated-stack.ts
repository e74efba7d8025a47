import { join } from 'node:path';
import { createTestBus, type TestBus } from './bus';
import { createTestDatabase, type TestDatabase } from './database';
import { freePort } from './ports';
import { REPO_ROOT, type StackOptions } from './stack';

export interface IsolatedStack {
  options: StackOptions;
  /** Drop it when done (`db.drop()`), with the stream (`bus.remove()`). */
  db: TestDatabase;
  bus: TestBus;
}

/**
 * Everything a stack of its own needs: a fresh database, a nats-server of its own (the project's
 * authorization, keys from `secrets`), free ports, and
 * a log folder under test-results/logs named after `name`. Tests and benchmarks run side by side
 * without meeting.
 */
export async function isolatedStack({
  name,
  secrets,
  env = {},
  openBus = false,
}: {
  name: string;
  /** `generateDeploymentSecrets()` from @latchkey/runtime (which this library cannot import: it tests runtime's dependencies). */
  secrets: Record<string, string>;
  env?: StackOptions['env'];
  /**
   * A bus without users: only for a benchmark that runs a release from before the bus had them
   * next to this one (the services still present their keys; an open server admits anyone).
   */
  openBus?: boolean;
}): Promise<IsolatedStack> {
  const db = await createTestDatabase();
  const bus = await createTestBus(secrets, undefined, { open: openBus });
  const options: StackOptions = {
    databaseUrl: db.url,
    natsUrl: bus.server.url,
    stream: bus.stream,
    subjectPrefix: bus.subjectPrefix,
    ports: {
      gateway: await freePort(),
      identity: await freePort(),
      'data-api': await freePort(),
      audit: await freePort(),
    },
    opsPorts: {
      gateway: await freePort(),
      identity: await freePort(),
      'data-api': await freePort(),
      audit: await freePort(),
    },
    secrets,
    logDir: join(REPO_ROOT, 'test-results', 'logs', `${name}-${db.name}`),
    env,
  };
  return { options, db, bus };
}
