import { join } from 'node:path';
import { generateDeploymentSecrets } from '@latchkey/runtime';
import {
  createTestBus,
  createTestDatabase,
  DEFAULT_NATS_URL,
  freePort,
  migrateAll,
  REPO_ROOT,
  seedAll,
  Stack,
  type SeededOrg,
  type ServiceName,
  type TestBus,
  type TestDatabase,
} from '@latchkey/testing';

export interface RunningStack {
  stack: Stack;
  db: TestDatabase;
  bus: TestBus;
  orgs: SeededOrg[];
  gateway: string;
  secrets: Record<string, string>;
  teardown(): Promise<void>;
}

/** The whole product as real processes on free ports, with its own database and stream. */
export async function startStack(
  name: string,
  env: Partial<Record<ServiceName, Record<string, string>>> = {},
  overrides: { natsUrl?: string } = {},
): Promise<RunningStack> {
  const db = await createTestDatabase();
  const bus = createTestBus();
  const secrets = generateDeploymentSecrets();
  const options = {
    databaseUrl: db.url,
    natsUrl: overrides.natsUrl ?? DEFAULT_NATS_URL,
    stream: bus.stream,
    subjectPrefix: bus.subjectPrefix,
    ports: {
      gateway: await freePort(),
      identity: await freePort(),
      'data-api': await freePort(),
      audit: await freePort(),
    },
    secrets,
    logDir: join(REPO_ROOT, 'test-results', 'logs', `${name}-${db.name}`),
    env: { ...env, gateway: { USAGE_FLUSH_MS: '250', ...env.gateway } },
  };
  await migrateAll(db.url);
  const orgs = await seedAll(options);
  const stack = new Stack(options);
  try {
    await stack.start();
  } catch (error) {
    await stack.stopAll();
    throw error;
  }
  return {
    stack,
    db,
    bus,
    orgs,
    gateway: stack.gatewayUrl,
    secrets,
    teardown: async () => {
      await stack.stopAll();
      await bus.remove();
      await db.drop();
    },
  };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
