import { Inject, Injectable } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';

/**
 * The one way audit's repositories reach the database through the ORM: reads on a fork of their
 * own, consistent snapshots, and writes as one transaction each. Audit publishes no events, so it
 * needs no outbox (nor the unit of work that writes one); its writes still all go through `write`.
 * (Ingestion's `EventStore` streams COPY on a pool of its own, which the ORM does not expose.)
 */
@Injectable()
export class AuditDatabase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** Audit's schema, for raw SQL. */
  get schema(): string {
    return this.orm.config.get('schema') as string;
  }

  /** An entity manager of its own for reads (no transaction). */
  reader(): EntityManager {
    return this.orm.em.fork();
  }

  /** `work` in one read-only REPEATABLE READ snapshot: concurrent writes cannot show half-done. */
  snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional(work, {
      isolationLevel: IsolationLevel.REPEATABLE_READ,
      readOnly: true,
    });
  }

  /** `work` as one transaction: committed whole, or not at all. */
  write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional(work);
  }
}
