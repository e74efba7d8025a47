import { Migration } from '@mikro-orm/migrations';

/**
 * Retention cuts are signed like checkpoints: verification starts from a cut only if its signature
 * holds, so a cut inserted by hand cannot hide a rewritten prefix. Cuts recorded before this have
 * no signature and are reported as unsigned by a verifier that has the public key.
 */
export class Migration20261201000000_signed_cuts extends Migration {
  override up(): void {
    const s = this.config.get('schema') ?? 'audit';
    this.addSql(`alter table "${s}"."chain_cuts" add column "signature" text null`);
  }
}
