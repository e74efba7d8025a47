import { randomBytes } from 'node:crypto';
import { DEFAULT_AUDIT_CONSUMER, type BusLayout } from '@latchkey/contracts';
import { PrivateNatsServer } from './nats-server';

export interface TestBus {
  stream: string;
  subjectPrefix: string;
  /** The bus's own nats-server, running the project's authorization. */
  server: PrivateNatsServer;
  /** Stops the server and deletes its store. */
  remove(): Promise<void>;
}

/** A layout of its own (stream, subject prefix) for one test file or benchmark. */
export function testBusLayout(): BusLayout {
  const suffix = randomBytes(5).toString('hex');
  return {
    stream: `LKTEST_${suffix.toUpperCase()}`,
    subjectPrefix: `lktest_${suffix}`,
    auditConsumer: DEFAULT_AUDIT_CONSUMER,
  };
}

/**
 * A bus for one stack: a private nats-server with the deployment's users and permissions, whose
 * keys are the NATS_SEED_<USER> of `secrets` (generateDeploymentSecrets), so each service connects
 * with its own. Parallel test files never meet: each has its own server.
 */
export async function createTestBus(
  secrets: Record<string, string> = {},
  layout: BusLayout = testBusLayout(),
  { open = false }: { open?: boolean } = {},
): Promise<TestBus> {
  const server = await PrivateNatsServer.start(layout, secrets, { open });
  return {
    stream: layout.stream,
    subjectPrefix: layout.subjectPrefix,
    server,
    remove: () => server.remove(),
  };
}
