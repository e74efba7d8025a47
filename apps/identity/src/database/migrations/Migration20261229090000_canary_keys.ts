import { Migration } from '@mikro-orm/migrations';

/**
 * Canary keys (ADR 0024): a key that grants nothing and raises an alarm when it is used. Every
 * existing key is an ordinary one.
 */
export class Migration20261229090000_canary_keys extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'identity';
    this.addSql(`alter table "${s}"."api_keys" add column "canary" boolean not null default false`);
  }
}
