import { join } from 'node:path';
import { createTestBus, testBusLayout, type TestBus } from './bus';
import { createTestDatabase, type TestDatabase } from './database';
import { PrivateNatsCluster } from './nats-cluster';
import { freePort } from './ports';
import { REPO_ROOT, type StackOptions } from './stack';
import { TcpProxy } from './tcp-proxy';

export interface IsolatedStack {
  options: StackOptions;
  /** Drop it when done (`db.drop()`), with the stream (`bus.remove()`). */
  db: TestDatabase;
  bus: TestBus;
}

/** A stack on a three-node cluster, with PostgreSQL behind a proxy a test can cut. */
export interface FaultStack {
  options: StackOptions;
  db: TestDatabase;
  cluster: PrivateNatsCluster;
  /** Between the services and PostgreSQL (migrations and seeds go direct). */
  dbProxy: TcpProxy;
  remove(): Promise<void>;
}

async function stackOptions(
  name: string,
  secrets: Record<string, string>,
  env: StackOptions['env'],
  bus: { natsUrl: string; stream: string; subjectPrefix: string },
  db: TestDatabase,
  databaseUrl = db.url,
): Promise<StackOptions> {
  return {
    databaseUrl,
    ...bus,
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
  const options = await stackOptions(
    name,
    secrets,
    env,
    { natsUrl: bus.server.url, stream: bus.stream, subjectPrefix: bus.subjectPrefix },
    db,
  );
  return { options, db, bus };
}

/**
 * As isolatedStack, for fault tests: the bus is a three-node JetStream cluster with the project's
 * authorization (the services get every node's URL, as in production), and the services reach
 * PostgreSQL through a TCP proxy the test can cut.
 */
export async function faultStack({
  name,
  secrets,
  env = {},
}: {
  name: string;
  secrets: Record<string, string>;
  env?: StackOptions['env'];
}): Promise<FaultStack> {
  const db = await createTestDatabase();
  const layout = testBusLayout();
  const cluster = await PrivateNatsCluster.start(3, { layout, secrets });
  const target = new URL(db.url);
  const dbProxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  const options = await stackOptions(
    name,
    secrets,
    env,
    { natsUrl: cluster.url, stream: layout.stream, subjectPrefix: layout.subjectPrefix },
    db,
    dbProxy.via(db.url),
  );
  return {
    options,
    db,
    cluster,
    dbProxy,
    remove: async () => {
      await cluster.remove();
      await dbProxy.stop();
      await db.drop();
    },
  };
}
