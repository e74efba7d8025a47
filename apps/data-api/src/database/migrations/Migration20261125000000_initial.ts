import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@latchkey/messaging';

export class Migration20261125000000_initial extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'data';
    this.addSql(`create table "${s}"."projects" (
      "id" varchar(40) primary key,
      "org_id" varchar(40) not null,
      "name" varchar(200) not null,
      "description" text null,
      "status" varchar(16) not null check ("status" in ('active', 'archived')),
      "created_by" varchar(40) not null,
      "updated_by" varchar(40) not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "projects_org_idx" on "${s}"."projects" ("org_id", "id")`);
    for (const sql of outboxTableSql(s)) this.addSql(sql);
  }
}
