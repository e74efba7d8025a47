import 'reflect-metadata';
import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventTypeOf, IdPrefix } from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import { OutboxEventSchema } from '@latchkey/messaging';
import { generateDeploymentSecrets, type ormOptions } from '@latchkey/runtime';
import {
  createTestDatabase,
  migrateAll,
  PrivateNatsServer,
  sql,
  testBusLayout,
  type TestDatabase,
} from '@latchkey/testing';
import { identityConfigSchema, identityInfrastructure, type IdentityConfig } from '../config';

/** One outbox row as a test reads it (`type` without the CloudEvents prefix: `key.created`). */
export interface OutboxRow {
  type: string;
  subject: string;
  orgid: string;
  data: Record<string, unknown>;
}

/**
 * Identity's capability modules running in-process against a PostgreSQL database (migrated as an
 * operator would, with `latchkey migrate`) and a nats-server of their own with the deployment's
 * users and permissions: what the integration tier tests each capability on. No HTTP: the tests
 * call the capability's services, the controllers stay thin.
 */
export class IdentityUnderTest {
  private constructor(
    readonly app: INestApplicationContext,
    readonly db: TestDatabase,
    readonly nats: PrivateNatsServer,
    readonly config: IdentityConfig,
  ) {}

  static async start(options: {
    /** The capability modules under test (they import what they stand on). */
    modules: (Type | DynamicModule)[];
    /** The entities those modules use (the outbox's is added). */
    entities: NonNullable<Parameters<typeof ormOptions>[1]>;
    /** Settings over the defaults (as environment variables). */
    env?: Record<string, string>;
  }): Promise<IdentityUnderTest> {
    const db = await createTestDatabase();
    let nats: PrivateNatsServer | undefined;
    try {
      await migrateAll(db.url);
      const secrets = generateDeploymentSecrets();
      const layout = testBusLayout();
      nats = await PrivateNatsServer.start(layout, secrets);
      const config = identityConfigSchema.parse({
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: 'identity',
        NATS_URL: nats.url,
        NATS_STREAM: layout.stream,
        NATS_SUBJECT_PREFIX: layout.subjectPrefix,
        NATS_NKEY_SEED: nats.seedOf('identity'),
        KEY_PEPPER: secrets['KEY_PEPPER'],
        TOKEN_SIGNING_KEYS: secrets['TOKEN_SIGNING_KEYS'],
        PRINCIPAL_PUBLIC_KEY: secrets['PRINCIPAL_PUBLIC_KEY'],
        BUS_SIGNING_KEYS: secrets['BUS_SIGNING_KEYS'],
        ...options.env,
      });
      @Module({
        imports: [
          ...identityInfrastructure(config, [
            ...new Set([...(options.entities as unknown[]), OutboxEventSchema]),
          ] as never),
          ...options.modules,
        ],
      })
      class CapabilitiesUnderTest {}
      const app = await NestFactory.createApplicationContext(CapabilitiesUnderTest, {
        logger: false,
        // A module that cannot be built fails the test with its reason instead of ending the process.
        abortOnError: false,
      });
      return new IdentityUnderTest(app, db, nats, config);
    } catch (error) {
      // Nothing of a failed start outlives it: its server and its database go.
      await nats?.remove();
      await db.drop();
      throw error;
    }
  }

  get<T>(type: Type<T>): T {
    return this.app.get(type, { strict: false });
  }

  /** Runs SQL against the database directly (fixtures, and what a change left behind). */
  sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return sql<T>(this.db.url, text, params);
  }

  /** An organisation of its own for one test (default policy unless given). */
  async organisation(policy: Record<string, unknown> = {}): Promise<string> {
    const id = newId(IdPrefix.Organisation);
    await this.sql(
      `insert into identity.organisations (id, name, policy, created_at) values ($1, $2, $3, now())`,
      [id, `test ${id}`, JSON.stringify(policy)],
    );
    return id;
  }

  /** The events the outbox holds for an organisation, oldest first. */
  async outbox(orgId: string): Promise<OutboxRow[]> {
    const rows = await this.sql<{ payload: OutboxRow }>(
      `select payload from identity.outbox where payload->>'orgid' = $1 order by created_at, id`,
      [orgId],
    );
    return rows.map((r) => ({ ...r.payload, type: eventTypeOf(r.payload.type) ?? r.payload.type }));
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.nats.remove();
    await this.db.drop();
  }
}
