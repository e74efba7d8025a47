import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { ListKeysQuery } from '@latchkey/api-routes';
import type { Pepper } from '@latchkey/auth-core';
import type { Transaction } from '@latchkey/runtime';
import {
  ApiKeySchema,
  ApiKeySecretSchema,
  EXPIRING_SOON_MS,
  type ApiKey,
  type ApiKeySecret,
} from './api-key.entity';
import { tightestThresholdSql, WIDEST_WARNING_DAYS } from './key-expiry-warnings';
import { newKeyRow, newSecretRow, type NewKey } from './key-issuance';
import { rehashOf, type PresentedHash } from './presented-secret';

/** Keys' and their secrets' rows: the only place that reads or writes them. */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** A page of an organisation's keys, newest first, before the key `before` (one extra: is there more?). */
  page(orgId: string, query: ListKeysQuery, before: string | undefined, now: Date): Promise<ApiKey[]> {
    const statusFilter =
      query.status === 'active'
        ? { status: 'active' as const, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }
        : query.status === 'expired'
          ? { $or: [{ status: 'expired' as const }, { status: 'active' as const, expiresAt: { $lte: now } }] }
          : query.status === 'expiring_soon'
            ? {
                status: 'active' as const,
                expiresAt: { $gt: now, $lte: new Date(now.getTime() + EXPIRING_SOON_MS) },
              }
            : query.status === 'revoked'
              ? { status: 'revoked' as const }
              : query.status === 'dormant'
                ? { status: 'dormant' as const, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }
                : {};
    // Within its own $and: the status filters above may use $or too.
    const expiringWithin =
      query.expiring_within_days !== undefined
        ? {
            status: 'active' as const,
            expiresAt: { $gt: now, $lte: new Date(now.getTime() + query.expiring_within_days * 86_400_000) },
          }
        : undefined;
    const search = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return this.orm.em.fork().find(
      ApiKeySchema,
      {
        orgId,
        deletedAt: null,
        ...statusFilter,
        ...(query.environment ? { environment: query.environment } : {}),
        ...(query.canary !== undefined ? { canary: query.canary } : {}),
        ...(search || expiringWithin
          ? {
              $and: [
                ...(search ? [{ $or: [{ name: { $ilike: search } }, { prefix: { $ilike: search } }] }] : []),
                ...(expiringWithin ? [expiringWithin] : []),
              ],
            }
          : {}),
        ...(before ? { id: { $lt: before } } : {}),
      },
      { orderBy: { id: 'desc' }, limit: query.limit + 1 },
    );
  }

  /** A key that is not deleted, as it is now: of this organisation when `orgId` is given. */
  find(id: string, orgId?: string): Promise<ApiKey | null> {
    return this.orm.em.fork().findOne(ApiKeySchema, { id, deletedAt: null, ...(orgId ? { orgId } : {}) });
  }

  findByPublicId(publicId: string): Promise<ApiKey | null> {
    return this.orm.em.fork().findOne(ApiKeySchema, { publicId, deletedAt: null });
  }

  /** The key's secrets that still hold at `now` (no end, or an end still ahead). */
  liveSecrets(keyId: string, now: Date): Promise<ApiKeySecret[]> {
    return this.orm.em.fork().find(ApiKeySecretSchema, {
      keyId,
      $or: [{ validUntil: null }, { validUntil: { $gt: now } }],
    });
  }

  /**
   * The secret row a presented secret names, found by its hash under any pepper (the gateway sends
   * one per pepper it holds; identity hashes under each of its own), re-hashed under the first
   * pepper when `rehashOf` says so.
   *
   * The re-hash is its own statement, guarded by the hash it replaces (a concurrent re-hash from
   * another replica, or a rotation of the secret, wins). It changes nothing anyone can observe, so
   * it raises no event; a failure only leaves the row for the next presentation.
   */
  async findPresentedSecret(
    hashes: readonly PresentedHash[],
    peppers: readonly Pepper[],
    now: Date,
  ): Promise<ApiKeySecret | null> {
    if (hashes.length === 0) return null;
    const em = this.orm.em.fork();
    const row = await em.findOne(ApiKeySecretSchema, { secretHash: { $in: hashes.map((h) => h.hash) } });
    const rehash = row ? rehashOf(row, hashes, peppers, now) : undefined;
    if (row && rehash) {
      try {
        await em.nativeUpdate(ApiKeySecretSchema, { id: row.id, secretHash: row.secretHash }, rehash);
      } catch {
        // Left under the old pepper: still found under it, re-hashed on a later presentation.
      }
    }
    return row;
  }

  /**
   * The secret row with one of these hashes (a secret hashed under each configured pepper), ended
   * or not: read only, for "find the key for this secret" (ADR 0020), which also names the key of
   * a rotated-away secret.
   */
  findSecretByHashes(hashes: readonly string[]): Promise<ApiKeySecret | null> {
    if (hashes.length === 0) return Promise.resolve(null);
    return this.orm.em.fork().findOne(ApiKeySecretSchema, { secretHash: { $in: [...hashes] } });
  }

  /**
   * The key inside a change, its row locked (FOR UPDATE): concurrent changes of one key run one
   * after the other, each seeing the other's result (a rotation racing a revocation must not write
   * `active` over `revoked`). Another organisation's key, or a deleted one, is simply not found.
   */
  lock(tx: Transaction, orgId: string, id: string): Promise<ApiKey | null> {
    return tx.em.findOne(
      ApiKeySchema,
      { id, orgId, deletedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  /**
   * A key and its first secret, in the change `tx` runs (the caller commits). The secret is returned
   * once, for the caller's answer; only its HMAC is stored.
   */
  async issue(
    tx: Transaction,
    pepper: Pepper,
    input: NewKey,
    now: Date,
  ): Promise<{ key: ApiKey; secret: string; secretRow: ApiKeySecret }> {
    const key = tx.em.create(ApiKeySchema, newKeyRow(input, now));
    // The key row must exist before its secret row references it.
    await tx.em.flush();
    const { secret, row } = this.newSecret(tx, pepper, key, now);
    return { key, secret, secretRow: row };
  }

  /** A new secret of the key, in the change `tx` runs; it becomes the key's shown prefix. */
  newSecret(tx: Transaction, pepper: Pepper, key: ApiKey, now: Date): { secret: string; row: ApiKeySecret } {
    const { secret, row } = newSecretRow(pepper, key, now);
    const created = tx.em.create(ApiKeySecretSchema, row);
    key.prefix = created.prefix;
    return { secret, row: created };
  }

  /** The organisation's active keys of this name, in the change `tx` runs (the seed's demo key). */
  activeNamed(tx: Transaction, orgId: string, name: string): Promise<ApiKey[]> {
    return tx.em.find(ApiKeySchema, { orgId, name, status: 'active', deletedAt: null });
  }

  /** Every secret of the key, newest first, in the change `tx` runs. */
  secrets(tx: Transaction, keyId: string): Promise<ApiKeySecret[]> {
    return tx.em.find(ApiKeySecretSchema, { keyId }, { orderBy: { createdAt: 'desc' } });
  }

  /**
   * Up to `limit` active keys past their expiry, claimed for the change `tx` runs (SKIP LOCKED:
   * every replica may sweep, none takes another's rows).
   */
  claimExpired(tx: Transaction, now: Date, limit: number): Promise<ApiKey[]> {
    return tx.em.find(
      ApiKeySchema,
      // A dormant key expires too: enabling it afterwards must not bring it back.
      { status: { $in: ['active', 'dormant'] }, expiresAt: { $lte: now } },
      { limit, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
  }

  /**
   * Up to `limit` active keys inside an expiry-warning window (30, 7 or 1 days) whose tightest
   * threshold has not been warned for their current expiry, claimed for the change `tx` runs
   * (SKIP LOCKED), with the thresholds already warned for that expiry.
   */
  async claimDueForWarning(
    tx: Transaction,
    now: Date,
    limit: number,
  ): Promise<{ key: ApiKey; warned: Set<number> }[]> {
    const s = this.schema();
    const rows = (await tx.em.execute(
      `select k."id" from "${s}"."api_keys" k cross join (select ?::timestamptz as "now") p
        where k."status" = 'active' and k."deleted_at" is null
          and k."expires_at" > p."now"
          and k."expires_at" <= p."now" + interval '${WIDEST_WARNING_DAYS} days'
          and not exists (
            select 1 from "${s}"."key_expiry_warnings" w
             where w."key_id" = k."id" and w."expires_at" = k."expires_at"
               and w."days_left" = ${tightestThresholdSql('k."expires_at"', 'p."now"')})
        order by k."expires_at" limit ${limit} for update of k skip locked`,
      [now],
    )) as { id: string }[];
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const keys = await tx.em.find(ApiKeySchema, { id: { $in: ids } });
    const warnings = (await tx.em.execute(
      `select w."key_id", w."days_left" from "${s}"."key_expiry_warnings" w
         join "${s}"."api_keys" k on k."id" = w."key_id" and k."expires_at" = w."expires_at"
        where w."key_id" in (select jsonb_array_elements_text(?::jsonb))`,
      [JSON.stringify(ids)],
    )) as { key_id: string; days_left: number }[];
    return keys.map((key) => ({
      key,
      warned: new Set(warnings.filter((w) => w.key_id === key.id).map((w) => Number(w.days_left))),
    }));
  }

  /**
   * Records that the key was warned at `daysLeft` for its current expiry, in the change `tx` runs.
   * False when that warning was already recorded (by another replica's sweep): the caller sends
   * nothing. The row's primary key makes it so, whichever sweep commits first.
   */
  async recordWarning(tx: Transaction, keyId: string, daysLeft: number, now: Date): Promise<boolean> {
    const s = this.schema();
    const inserted = (await tx.em.execute(
      `insert into "${s}"."key_expiry_warnings" ("key_id", "expires_at", "days_left", "warned_at")
       select k."id", k."expires_at", ?, ? from "${s}"."api_keys" k
        where k."id" = ? and k."expires_at" is not null
       on conflict do nothing returning "key_id"`,
      [daysLeft, now, keyId],
    )) as unknown[];
    return inserted.length > 0;
  }

  /**
   * Up to `limit` active, unexpired keys unused for their organisation's `dormant_after_days`
   * (since the latest of creation, last use and enabling), claimed for the change `tx` runs
   * (SKIP LOCKED), each with the rule that applied.
   */
  async claimDormant(
    tx: Transaction,
    now: Date,
    limit: number,
  ): Promise<{ key: ApiKey; dormantAfterDays: number }[]> {
    const s = this.schema();
    const rows = (await tx.em.execute(
      `select k."id", (o."policy"->>'dormant_after_days')::int as "days"
         from "${s}"."api_keys" k join "${s}"."organisations" o on o."id" = k."org_id"
        where k."status" = 'active' and k."deleted_at" is null
          and (k."expires_at" is null or k."expires_at" > ?::timestamptz)
          and jsonb_typeof(o."policy"->'dormant_after_days') = 'number'
          and greatest(k."created_at", coalesce(k."last_used_at", k."created_at"),
                       coalesce(k."enabled_at", k."created_at"))
              <= ?::timestamptz - make_interval(days => (o."policy"->>'dormant_after_days')::int)
        order by k."id" limit ${limit} for update of k skip locked`,
      [now, now],
    )) as { id: string; days: number }[];
    if (rows.length === 0) return [];
    const days = new Map(rows.map((r) => [r.id, Number(r.days)]));
    const keys = await tx.em.find(ApiKeySchema, { id: { $in: [...days.keys()] } });
    return keys.map((key) => ({ key, dormantAfterDays: days.get(key.id) ?? 0 }));
  }

  /** Moves each key's `last_used_at` forward to its time (never back): one statement for the batch. */
  async recordUse(uses: ReadonlyMap<string, Date>): Promise<void> {
    if (uses.size === 0) return;
    const rows = [...uses].map(([id, at]) => ({ id, at: at.toISOString() }));
    const schema = this.schema();
    // The rows travel as one JSON parameter.
    await this.orm.em
      .fork()
      .getConnection()
      .execute(
        `update "${schema}"."api_keys" k set "last_used_at" = greatest(k."last_used_at", u.at)
         from jsonb_to_recordset(?::jsonb) as u(id text, at timestamptz) where k."id" = u.id`,
        [JSON.stringify(rows)],
      );
  }

  private schema(): string {
    return this.orm.config.get('schema') ?? 'identity';
  }
}
