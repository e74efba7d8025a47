import { Migration } from '@mikro-orm/migrations';

/** Notification endpoints, their deliveries and each delivery's attempts (ADR 0027). */
export class Migration20261230000000_notifications extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`create table "${s}"."notification_endpoints" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "url" varchar(2048) not null,
      "description" varchar(500) not null,
      "event_types" text[] not null,
      "secret" varchar(100) not null,
      "created_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(
      `create index "notification_endpoints_org_idx" on "${s}"."notification_endpoints" ("org_id", "id")`,
    );
    this.addSql(`create table "${s}"."notification_deliveries" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "endpoint_id" varchar(40) not null,
      "event_id" varchar(40) not null,
      "event_type" varchar(64) not null,
      "payload" text not null,
      "status" varchar(16) not null check ("status" in ('pending', 'succeeded', 'dead')),
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "delivered_at" timestamptz null
    )`);
    this.addSql(
      `alter table "${s}"."notification_deliveries" add constraint "notification_deliveries_event_key" unique ("endpoint_id", "event_id")`,
    );
    this.addSql(
      `create index "notification_deliveries_due_idx" on "${s}"."notification_deliveries" ("status", "next_attempt_at")`,
    );
    this.addSql(
      `create index "notification_deliveries_endpoint_idx" on "${s}"."notification_deliveries" ("endpoint_id", "id")`,
    );
    this.addSql(`create table "${s}"."notification_attempts" (
      "delivery_id" varchar(40) not null,
      "attempt" int not null,
      "attempted_at" timestamptz not null,
      "status_code" int null,
      "latency_ms" int not null,
      "error" varchar(500) null,
      "next_attempt_at" timestamptz null,
      primary key ("delivery_id", "attempt")
    )`);
  }
}
