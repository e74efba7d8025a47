import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import {
  hashSecret,
  hashUnderEach,
  LEGACY_PEPPER_ID,
  newId,
  pepperOf,
  type Pepper,
} from '@latchkey/auth-core';
import { subjectsFor } from '@latchkey/contracts';
import { ormOptions, UnitOfWork } from '@latchkey/runtime';
import { createTestDatabase, migrateAll, sql, type TestDatabase } from '@latchkey/testing';
import type { IdentityConfig } from '../config';
import { IDENTITY_ENTITIES } from '../database';
import { ApiKeyRepository } from '../keys';
import { OrganisationRepository } from '../organisations';
import { UserRepository } from '../users';
import { WebhookConnectionRepository } from '../webhooks';
import { KeyLookupService } from './key-lookup.service';

jest.setTimeout(120_000);

const OLD = 'o'.repeat(48);
const NEW = 'n'.repeat(48);
const old = pepperOf(LEGACY_PEPPER_ID, OLD);
const fresh = pepperOf('2026-12', NEW);

/** Identity as configured: KEY_PEPPERS in this order (the first hashes new secrets). */
const lookupsWith = (orm: MikroORM, peppers: Pepper[]) =>
  new KeyLookupService(
    { KEY_PEPPERS: peppers.map(({ id, secret }) => ({ id, secret })) } as Pick<
      IdentityConfig,
      'KEY_PEPPERS' | 'KEY_PEPPER'
    >,
    new ApiKeyRepository(orm),
    new UserRepository(orm),
    new WebhookConnectionRepository(orm),
  );

/** A gateway's lookup of `secret` with these peppers. */
const gatewayLookup = (peppers: Pepper[], secret: string) => {
  const hashes = hashUnderEach(peppers, secret);
  return { secret_hash: hashes[0]!.hash, secret_hashes: hashes };
};

describe('pepper rotation (real PostgreSQL)', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let orgId: string;

  const secretRow = async (keyId: string) =>
    (
      await sql<{ pepper_id: string; secret_hash: string }>(
        db.url,
        `select pepper_id, secret_hash from identity.api_key_secrets where key_id = '${keyId}'`,
      )
    )[0];

  /** A key issued as KeysService issues one: through the repository, in a unit of work. */
  const issue = (pepper: Pepper) =>
    new UnitOfWork(orm, { subjects: subjectsFor('test'), nudge: () => undefined }).run((tx) =>
      new ApiKeyRepository(orm).issue(
        tx,
        pepper,
        {
          orgId,
          name: 'k',
          description: null,
          environment: 'live',
          scopes: ['projects:read'],
          allowedPaths: [],
          allowedIps: [],
          rateLimit: { limit: 10, window_seconds: 60 },
          expiresAt: null,
          createdBy: 'test',
        },
        new Date(),
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrateAll(db.url);
    orm = await MikroORM.init<PostgreSqlDriver>(
      ormOptions(
        { DATABASE_URL: db.url, DATABASE_SCHEMA: 'identity', DATABASE_POOL_MAX: 4 },
        IDENTITY_ENTITIES,
      ),
    );
    orgId = newId('org');
    await new UnitOfWork(orm, { subjects: subjectsFor('test'), nudge: () => undefined }).run((tx) =>
      new OrganisationRepository(orm).add(tx, {
        id: orgId,
        name: 'Pepper Org',
        policy: {},
        createdAt: new Date(),
      }),
    );
  });

  afterAll(async () => {
    await orm?.close();
    await db?.drop();
  });

  it('a secret hashed under the old pepper is found and re-hashed under the first pepper when presented', async () => {
    const { key, secret } = await issue(old);
    expect(await secretRow(key.id)).toEqual({
      pepper_id: LEGACY_PEPPER_ID,
      secret_hash: hashSecret(OLD, secret),
    });

    // Identity and gateways hold [new, old]: the key still works, and moves to the new pepper.
    const reply = await lookupsWith(orm, [fresh, old]).lookup(gatewayLookup([fresh, old], secret));
    expect(reply).toMatchObject({ found: true, key: { key_id: key.id } });
    expect(await secretRow(key.id)).toEqual({ pepper_id: '2026-12', secret_hash: hashSecret(NEW, secret) });

    // Once the old pepper is gone everywhere, the moved secret still works.
    const after = await lookupsWith(orm, [fresh]).lookup(gatewayLookup([fresh], secret));
    expect(after).toMatchObject({ found: true, key: { key_id: key.id } });
  });

  it('nothing moves while the new pepper is not first at identity, nor when the gateway lacks it', async () => {
    const { key, secret } = await issue(old);
    const before = await secretRow(key.id);
    // Identity still hashes new secrets under the old pepper: the secret stays there.
    expect(await lookupsWith(orm, [old, fresh]).lookup(gatewayLookup([fresh, old], secret))).toMatchObject({
      found: true,
    });
    // A gateway without the new pepper (or of an earlier version, secret_hash alone): found, not moved.
    expect(await lookupsWith(orm, [fresh, old]).lookup(gatewayLookup([old], secret))).toMatchObject({
      found: true,
    });
    expect(
      await lookupsWith(orm, [fresh, old]).lookup({ secret_hash: hashSecret(OLD, secret) }),
    ).toMatchObject({
      found: true,
    });
    expect(await secretRow(key.id)).toEqual(before);
  });

  it("a gateway's hash under a pepper of the same id but another secret is never written", async () => {
    const { key, secret } = await issue(old);
    const impostor = pepperOf('2026-12', 'x'.repeat(48));
    expect(await lookupsWith(orm, [fresh, old]).lookup(gatewayLookup([impostor, old], secret))).toMatchObject(
      {
        found: true,
      },
    );
    expect((await secretRow(key.id))?.pepper_id).toBe(LEGACY_PEPPER_ID);
  });

  it('new secrets are hashed under the first pepper, and the progress query counts what is left', async () => {
    const { key } = await issue(fresh);
    expect((await secretRow(key.id))?.pepper_id).toBe('2026-12');
    const progress = await sql<{ pepper_id: string; live: string }>(
      db.url,
      `select pepper_id, count(*) as live from identity.api_key_secrets
        where valid_until is null or valid_until > now() group by 1 order by 1`,
    );
    // Two secrets issued under the old pepper above were never presented with the new one first.
    expect(progress).toEqual([
      { pepper_id: '2026-12', live: '2' },
      { pepper_id: LEGACY_PEPPER_ID, live: '2' },
    ]);
  });
});
