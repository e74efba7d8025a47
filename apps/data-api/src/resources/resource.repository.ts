import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Transaction } from '@latchkey/runtime';
import type { RowAccess } from '../access';
import type { BaseRow, ResourceDefinition } from './resource-definitions';
import { ResourceListing, type ListCriteria } from './resource-listing';

/** Which row of a resource is asked for, and how far the asking principal reaches. */
export interface RowWithin {
  id: string;
  orgId: string;
  access: RowAccess;
}

/**
 * The resource rows: every query of the data resources, and every write (which takes the
 * transaction of a unit of work). A row outside the organisation or the principal's reach is
 * never found, whatever its id.
 */
@Injectable()
export class ResourceRepository {
  private readonly listings = new Map<ResourceDefinition, ResourceListing<BaseRow>>();

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** One page of a list (its own connection, no identity map: see ResourceListing). */
  list(def: ResourceDefinition, criteria: ListCriteria): Promise<BaseRow[]> {
    let listing = this.listings.get(def);
    if (!listing) this.listings.set(def, (listing = new ResourceListing(this.orm, def.entity)));
    return listing.list(criteria);
  }

  /** The row, read in `tx` when given (to change it there), else on a fork of its own. */
  findWithin(def: ResourceDefinition, row: RowWithin, tx?: Transaction): Promise<BaseRow | null> {
    return this.emOf(tx).findOne(def.entity, withinFilter(def, row));
  }

  /** Whether the row exists within the reach (a reference a write names). */
  async existsWithin(tx: Transaction, def: ResourceDefinition, row: RowWithin): Promise<boolean> {
    return (await tx.em.count(def.entity, withinFilter(def, row))) > 0;
  }

  /** A new row, inserted when the unit commits. */
  insert(tx: Transaction, def: ResourceDefinition, values: BaseRow): BaseRow {
    return tx.em.create(def.entity, values as never);
  }

  /** Changes a row read in this transaction; written when the unit commits. */
  change(_tx: Transaction, row: BaseRow, values: Partial<BaseRow>): BaseRow {
    return Object.assign(row, values);
  }

  private emOf(tx?: Transaction): EntityManager {
    return tx ? tx.em : this.orm.em.fork();
  }
}

/**
 * The row by id in its organisation, narrowed to the principal's projects. Under `$and`: for
 * projects the access filter is on `id` too, and must narrow the id asked for, not replace it.
 */
function withinFilter(def: ResourceDefinition, row: RowWithin): FilterQuery<BaseRow> {
  const reach = row.access.all ? {} : { [def.projectColumn]: { $in: [...row.access.projectIds] } };
  return { $and: [{ id: row.id, orgId: row.orgId }, reach] } as FilterQuery<BaseRow>;
}
