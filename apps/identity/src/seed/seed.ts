import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  IdPrefix,
  EventType,
  subjectsFor,
  type ChangeContext,
  type KeyRevokedData,
} from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import {
  databaseEnv,
  keyPeppers,
  keyPeppersEnv,
  loadConfigOrExit,
  natsEnv,
  ormOptions,
  refineKeyPeppers,
  UnitOfWork,
} from '@latchkey/runtime';
import { IDENTITY_ENTITIES } from '../database';
import { recordEvent } from '../events';
import { ApiKeyRepository, DEFAULT_RATE_LIMIT, keyCreatedData } from '../keys';
import { OrganisationRepository } from '../organisations';
import { hashPassword, UserRepository } from '../users';

/**
 * `node apps/identity/dist/seed/seed.js` (run by `latchkey seed`): the demo organisations for `npm start`. Idempotent:
 * organisations and users are created once; each run issues a fresh demo key (revoking the
 * previous one), because a secret can only ever be shown when it is created.
 */
const seedConfigSchema = z
  .object({
    ...databaseEnv('identity'),
    // The events' subjects only: the seed writes them to the outbox, it never connects to NATS.
    NATS_SUBJECT_PREFIX: natsEnv.NATS_SUBJECT_PREFIX,
    ...keyPeppersEnv,
    SEED_PASSWORD: z.string().min(8).default('latchkey-demo'),
  })
  .superRefine(refineKeyPeppers);

const ORGS = [
  {
    name: 'Acme Analytics',
    users: [
      { email: 'owner@acme.example', name: 'Olivia Owner', role: 'owner' },
      { email: 'admin@acme.example', name: 'Adam Admin', role: 'admin' },
      { email: 'member@acme.example', name: 'Maya Member', role: 'member' },
      { email: 'viewer@acme.example', name: 'Victor Viewer', role: 'viewer' },
    ],
    demoKey: true,
  },
  {
    name: 'Globex Logistics',
    users: [{ email: 'owner@globex.example', name: 'Gina Owner', role: 'owner' }],
    demoKey: false,
  },
] as const;

const DEMO_KEY_NAME = 'Demo key (npm start)';
const SEED: ChangeContext = { actor: { type: 'system', id: 'seed' } };

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedConfigSchema);
  const subjects = subjectsFor(config.NATS_SUBJECT_PREFIX);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, IDENTITY_ENTITIES));
  // No relay to nudge: the seed never connects to NATS, the services' relays publish its events.
  const unit = new UnitOfWork(orm, { subjects, nudge: () => undefined });
  // The repositories own the rows, here as in the services.
  const organisations = new OrganisationRepository(orm);
  const users = new UserRepository(orm);
  const keys = new ApiKeyRepository(orm);
  const result = [];
  try {
    for (const spec of ORGS) {
      const outcome = await unit.run(async (tx) => {
        const now = new Date();
        let owner = await users.findByEmail(spec.users[0].email, tx);
        if (!owner) {
          const org = await organisations.add(tx, {
            id: newId(IdPrefix.Organisation),
            name: spec.name,
            policy: {},
            createdAt: now,
          });
          const passwordHash = await hashPassword(config.SEED_PASSWORD);
          for (const user of spec.users) {
            const created = await users.add(tx, {
              id: newId(IdPrefix.User),
              orgId: org.id,
              email: user.email,
              name: user.name,
              passwordHash,
              role: user.role,
              kind: 'human',
              status: 'active',
              createdAt: now,
              updatedAt: now,
            });
            owner ??= created;
          }
        }
        if (!owner) throw new Error('seed: no owner');
        let secret: string | null = null;
        if (spec.demoKey) {
          const previous = await keys.activeNamed(tx, owner.orgId, DEMO_KEY_NAME);
          for (const key of previous) {
            key.status = 'revoked';
            key.revokedAt = now;
            key.revokedReason = 'replaced by a new demo key';
            const data: KeyRevokedData = { key_id: key.id, reason: 'replaced by a new demo key', ...SEED };
            recordEvent(tx, EventType.KeyRevoked, owner.orgId, key.id, data);
          }
          const [pepper] = keyPeppers(config);
          if (!pepper) throw new Error('no key pepper configured');
          const issued = await keys.issue(
            tx,
            pepper,
            {
              orgId: owner.orgId,
              name: DEMO_KEY_NAME,
              description: 'Read access for trying the API',
              environment: 'live',
              scopes: ['projects:read', 'leads:read', 'invoices:read', 'transactions:read', 'audit:read'],
              allowedPaths: [],
              allowedIps: [],
              rateLimit: { ...DEFAULT_RATE_LIMIT },
              expiresAt: new Date(now.getTime() + 30 * 86_400_000),
              createdBy: owner.id,
            },
            now,
          );
          const { key } = issued;
          recordEvent(tx, EventType.KeyCreated, owner.orgId, key.id, keyCreatedData(key, SEED));
          secret = issued.secret;
        }
        return {
          org_id: owner.orgId,
          org_name: spec.name,
          email: owner.email,
          password: config.SEED_PASSWORD,
          demo_key: secret,
        };
      });
      result.push(outcome);
    }
  } finally {
    await orm.close();
  }
  // The demo secret goes to the operator's terminal, the one place it may appear.
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`identity seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
