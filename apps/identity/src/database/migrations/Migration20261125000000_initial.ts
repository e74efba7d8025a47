import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@latchkey/messaging';

export class Migration20261125000000_initial extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`create table "${s}"."organisations" (
      "id" varchar(40) primary key,
      "name" varchar(200) not null,
      "policy" jsonb not null default '{}',
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "${s}"."users" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null references "${s}"."organisations" ("id"),
      "email" varchar(320) not null unique,
      "name" varchar(200) not null,
      "password_hash" text not null,
      "role" varchar(16) not null check ("role" in ('owner', 'admin', 'member', 'viewer')),
      "kind" varchar(16) not null default 'human' check ("kind" in ('human', 'service')),
      "status" varchar(16) not null default 'active' check ("status" in ('active', 'disabled')),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "users_org_idx" on "${s}"."users" ("org_id", "id")`);
    this.addSql(`create table "${s}"."api_keys" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null references "${s}"."organisations" ("id"),
      "public_id" varchar(40) not null unique,
      "prefix" varchar(16) not null,
      "name" varchar(200) not null,
      "description" text null,
      "environment" varchar(8) not null check ("environment" in ('live', 'test')),
      "scopes" text[] not null,
      "allowed_paths" text[] not null default '{}',
      "allowed_ips" text[] not null default '{}',
      "rate_limit" jsonb not null,
      "status" varchar(16) not null check ("status" in ('active', 'revoked', 'expired')),
      "webhook_connection_id" varchar(40) null,
      "created_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "expires_at" timestamptz null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null,
      "deleted_at" timestamptz null
    )`);
    this.addSql(`create index "api_keys_org_idx" on "${s}"."api_keys" ("org_id", "id" desc)`);
    this.addSql(
      `create index "api_keys_expiry_idx" on "${s}"."api_keys" ("expires_at") where "status" = 'active' and "expires_at" is not null`,
    );
    // A key has one current secret and, during a rotation's grace window, the previous one.
    this.addSql(`create table "${s}"."api_key_secrets" (
      "id" varchar(40) primary key,
      "key_id" varchar(40) not null references "${s}"."api_keys" ("id"),
      "secret_hash" varchar(128) not null unique,
      "hash_alg" varchar(32) not null,
      "prefix" varchar(16) not null,
      "created_at" timestamptz not null default now(),
      "valid_until" timestamptz null
    )`);
    this.addSql(`create index "api_key_secrets_key_idx" on "${s}"."api_key_secrets" ("key_id")`);
    this.addSql(`create table "${s}"."webhook_connections" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null references "${s}"."organisations" ("id"),
      "name" varchar(200) not null,
      "key_id" varchar(40) not null references "${s}"."api_keys" ("id"),
      "status" varchar(16) not null check ("status" in ('active', 'revoked')),
      "created_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "revoked_at" timestamptz null
    )`);
    this.addSql(
      `create index "webhook_connections_org_idx" on "${s}"."webhook_connections" ("org_id", "id" desc)`,
    );
    for (const sql of outboxTableSql(s)) this.addSql(sql);
  }
}
