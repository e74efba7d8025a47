import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { EventType } from '@latchkey/contracts';
import { generatePublicId, generateSecret, hashSecret, HashAlgorithm, newId, PREFIX_LENGTH } from '@latchkey/auth-core';
import { buildCloudEvent, enqueueEvent } from '@latchkey/messaging';
import { databaseEnv, loadConfigOrExit, natsEnv, ormOptions } from '@latchkey/runtime';
import { subjectsFor } from '@latchkey/contracts';
import { IDENTITY_ENTITIES } from '../database/entities';
import { ApiKeySchema, DEFAULT_RATE_LIMIT } from '../keys/api-key.entity';
import { EVENT_SOURCE } from '../keys/keys.service';
import { OrganisationSchema } from '../organisations/organisation.entity';
import { hashPassword } from '../users/password-hasher';
import { UserSchema } from '../users/user.entity';

/**
 * `node apps/identity/dist/seed/seed.js`: the demo organisations for `npm start`. Idempotent:
 * organisations and owners are created once; each run issues a fresh demo key (revoking the
 * previous one), because a secret can only ever be shown when it is created.
 */
const seedConfigSchema = z.object({
  ...databaseEnv('identity'),
  ...natsEnv,
  KEY_PEPPER: z.string().min(32),
  SEED_PASSWORD: z.string().min(8).default('latchkey-demo'),
});

const ORGS = [
  { name: 'Acme Analytics', email: 'owner@acme.example', demoKey: true },
  { name: 'Globex Logistics', email: 'owner@globex.example', demoKey: false },
] as const;

const DEMO_KEY_NAME = 'Demo key (npm start)';

async function main(): Promise<void> {
  const config = loadConfigOrExit(seedConfigSchema);
  const subjects = subjectsFor(config.NATS_SUBJECT_PREFIX);
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, IDENTITY_ENTITIES));
  const result = [];
  try {
    for (const spec of ORGS) {
      const outcome = await orm.em.fork().transactional(async (em) => {
        let owner = await em.findOne(UserSchema, { email: spec.email });
        if (!owner) {
          const org = em.create(OrganisationSchema, { id: newId('org'), name: spec.name, createdAt: new Date() });
          // No ORM relations between these tables, so make the insert order explicit.
          await em.flush();
          owner = em.create(UserSchema, {
            id: newId('usr'),
            orgId: org.id,
            email: spec.email,
            name: `${spec.name} owner`,
            passwordHash: await hashPassword(config.SEED_PASSWORD),
            role: 'owner',
            status: 'active',
            createdAt: new Date(),
          });
          await em.flush();
        }
        let secret: string | undefined;
        if (spec.demoKey) {
          const now = new Date();
          const previous = await em.find(ApiKeySchema, { orgId: owner.orgId, name: DEMO_KEY_NAME, status: 'active' });
          for (const key of previous) {
            key.status = 'revoked';
            key.revokedAt = now;
            key.revokedReason = 'replaced by a new demo key';
            enqueueEvent(em, subjects, buildCloudEvent({
              type: EventType.KeyRevoked,
              orgId: owner.orgId,
              source: EVENT_SOURCE,
              subject: key.id,
              data: { key_id: key.id, reason: 'replaced by a new demo key', actor: { type: 'system', id: 'seed' } },
            }));
          }
          secret = generateSecret('live');
          const key = em.create(ApiKeySchema, {
            id: newId('key'),
            orgId: owner.orgId,
            publicId: generatePublicId(),
            prefix: secret.slice(0, PREFIX_LENGTH),
            name: DEMO_KEY_NAME,
            description: 'Read access for trying the API',
            environment: 'live',
            secretHash: hashSecret(config.KEY_PEPPER, secret),
            hashAlg: HashAlgorithm.HmacSha256,
            scopes: ['projects:read', 'leads:read', 'invoices:read', 'transactions:read', 'audit:read'],
            allowedPaths: [],
            allowedIps: [],
            rateLimit: { ...DEFAULT_RATE_LIMIT },
            status: 'active',
            createdBy: owner.id,
            createdAt: now,
            expiresAt: new Date(now.getTime() + 30 * 86_400_000),
            lastUsedAt: null,
            revokedAt: null,
            revokedReason: null,
            deletedAt: null,
          });
          enqueueEvent(em, subjects, buildCloudEvent({
            type: EventType.KeyCreated,
            orgId: owner.orgId,
            source: EVENT_SOURCE,
            subject: key.id,
            data: {
              key_id: key.id,
              public_id: key.publicId,
              prefix: key.prefix,
              name: key.name,
              environment: key.environment,
              scopes: key.scopes,
              expires_at: key.expiresAt?.toISOString() ?? null,
              actor: { type: 'system', id: 'seed' },
            },
          }));
        }
        return { org_id: owner.orgId, org_name: spec.name, email: spec.email, password: config.SEED_PASSWORD, demo_key: secret ?? null };
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
