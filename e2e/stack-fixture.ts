import { generateDeploymentSecrets } from '@latchkey/runtime';
import {
  isolatedStack,
  migrateAll,
  seedAll,
  Stack,
  type SeededOrg,
  type ServiceName,
  type TestBus,
  type TestDatabase,
} from '@latchkey/testing';
import { checkAnswersFrom } from './contract/validate-answers';

export interface RunningStack {
  stack: Stack;
  db: TestDatabase;
  bus: TestBus;
  orgs: SeededOrg[];
  gateway: string;
  secrets: Record<string, string>;
  teardown(): Promise<void>;
}

/** The whole product as real processes on free ports, with its own database and nats-server. */
export async function startStack(
  name: string,
  env: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<RunningStack> {
  const { options, db, bus } = await isolatedStack({
    name,
    secrets: generateDeploymentSecrets(),
    // Tests sign in once and make hundreds of requests a minute with that user's token: the
    // per-user limit is tested where a test sets it.
    env: { ...env, gateway: { USAGE_FLUSH_MS: '250', USER_RATE_LIMIT: '1000000', ...env.gateway } },
  });
  await migrateAll(db.url);
  const orgs = await seedAll(options);
  const stack = new Stack(options);
  try {
    await stack.start();
  } catch (error) {
    await stack.stopAll();
    await bus.remove();
    throw error;
  }
  checkAnswersFrom(stack.gatewayUrl);
  return {
    stack,
    db,
    bus,
    orgs,
    gateway: stack.gatewayUrl,
    secrets: options.secrets,
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
