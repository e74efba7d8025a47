import { Inject, Injectable } from '@nestjs/common';
import { LockMode, type RequiredEntityData } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Transaction } from '@latchkey/runtime';
import { OrganisationSchema, type Organisation } from './organisation.entity';

/** Organisations' rows: the only place that reads or writes them. */
@Injectable()
export class OrganisationRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** The organisation as it is now (outside any change). */
  get(orgId: string): Promise<Organisation> {
    return this.orm.em.fork().findOneOrFail(OrganisationSchema, { id: orgId });
  }

  /** The organisation inside a change, unlocked (its policy, read for a decision). */
  read(tx: Transaction, orgId: string): Promise<Organisation> {
    return tx.em.findOneOrFail(OrganisationSchema, { id: orgId });
  }

  /**
   * The organisation inside a change, its row locked (FOR UPDATE) until the commit: changes that
   * must see each other's result (policy replacements, the last active owner) take turns.
   */
  lock(tx: Transaction, orgId: string): Promise<Organisation> {
    return tx.em.findOneOrFail(OrganisationSchema, { id: orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Adds an organisation now (not at the commit): rows that name it may follow in the same change. */
  async add(tx: Transaction, organisation: RequiredEntityData<Organisation>): Promise<Organisation> {
    const created = tx.em.create(OrganisationSchema, organisation);
    // No ORM relations between the tables: the insert order is made explicit.
    await tx.em.flush();
    return created;
  }
}
