import { Migration } from '@mikro-orm/migrations';

export class Migration20261125010000_resources extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'data';
    this.addSql(`create table "${s}"."leads" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "project_id" varchar(40) null references "${s}"."projects" ("id"),
      "name" varchar(200) not null,
      "email" varchar(320) null,
      "company" varchar(200) null,
      "status" varchar(16) not null check ("status" in ('new', 'contacted', 'qualified', 'won', 'lost')),
      "source" varchar(100) null,
      "created_by" varchar(40) not null,
      "updated_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "${s}"."invoices" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "project_id" varchar(40) null references "${s}"."projects" ("id"),
      "lead_id" varchar(40) null references "${s}"."leads" ("id"),
      "number" varchar(64) not null,
      "amount_minor" bigint not null check ("amount_minor" >= 0),
      "currency" char(3) not null,
      "status" varchar(16) not null check ("status" in ('draft', 'open', 'paid', 'void')),
      "due_date" date null,
      "created_by" varchar(40) not null,
      "updated_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "${s}"."transactions" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "project_id" varchar(40) null references "${s}"."projects" ("id"),
      "invoice_id" varchar(40) null references "${s}"."invoices" ("id"),
      "amount_minor" bigint not null,
      "currency" char(3) not null,
      "status" varchar(16) not null check ("status" in ('pending', 'succeeded', 'failed', 'refunded')),
      "occurred_at" timestamptz not null,
      "created_by" varchar(40) not null,
      "updated_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "${s}"."webhook_events" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "connection_id" varchar(40) not null,
      "idempotency_key" varchar(255) null,
      "headers" jsonb not null,
      "payload" jsonb not null,
      "response" jsonb not null,
      "received_at" timestamptz not null default now(),
      "created_by" varchar(40) not null
    )`);
    this.addSql(
      `create unique index "webhook_events_idempotency_idx" on "${s}"."webhook_events" ("org_id", "connection_id", "idempotency_key") where "idempotency_key" is not null`,
    );
    for (const table of ['leads', 'invoices', 'transactions']) {
      this.addSql(`create index "${table}_org_idx" on "${s}"."${table}" ("org_id", "id")`);
      this.addSql(
        `create index "${table}_org_project_idx" on "${s}"."${table}" ("org_id", "project_id", "id")`,
      );
    }
    this.addSql(
      `create index "webhook_events_org_idx" on "${s}"."webhook_events" ("org_id", "connection_id", "id")`,
    );
  }
}
