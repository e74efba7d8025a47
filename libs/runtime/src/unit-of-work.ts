import type { Provider } from '@nestjs/common';
import type { IsolationLevel } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { CloudEvent, Subjects } from '@latchkey/contracts';
import { EventBus, enqueueEvent } from '@latchkey/messaging';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * One change in progress. Repositories write through `em`; services collect the domain events
 * the change causes with `publish`. The events reach the outbox in this transaction (so they are
 * committed with the change or not at all) and the relay is nudged only after the commit.
 */
export class Transaction {
  private readonly collected: CloudEvent<unknown>[] = [];

  constructor(readonly em: EntityManager) {}

  /** Collects a domain event of this change; checked against its schema when the unit commits. */
  publish(event: CloudEvent<unknown>): void {
    this.collected.push(event);
  }

  /** The events collected so far, in the order they were published. */
  get events(): readonly CloudEvent<unknown>[] {
    return this.collected;
  }
}

export interface UnitOptions {
  isolationLevel?: IsolationLevel;
  /**
   * Joins a unit already in progress: the work runs in its transaction, and its events are
   * written and announced when that unit commits.
   */
  within?: Transaction;
}

/** Where a unit's events go: the outbox's subjects, and the relay to nudge after a commit. */
export interface EventSink {
  subjects: Subjects;
  nudge(): void;
}

/**
 * Runs a change as one transaction: the work, then its events written to the outbox in the same
 * transaction, then — after the commit — a nudge to the relay. No service can forget either.
 */
export class UnitOfWork {
  constructor(
    private readonly orm: MikroORM,
    private readonly sink: EventSink,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    if (options.within) return work(options.within);
    let written = 0;
    const result = await this.orm.em.fork().transactional(
      async (em) => {
        const tx = new Transaction(em);
        const value = await work(tx);
        // Written last: a failed schema check rolls back the whole change, not just the event.
        for (const event of tx.events) enqueueEvent(em, this.sink.subjects, event);
        written = tx.events.length;
        return value;
      },
      options.isolationLevel ? { isolationLevel: options.isolationLevel } : {},
    );
    if (written > 0) this.sink.nudge();
    return result;
  }

  /** An entity manager of its own for reads (a fresh identity map, no transaction, no events). */
  reader(): EntityManager {
    return this.orm.em.fork();
  }
}

/** The service's unit of work: its ORM, its bus's subjects and this replica's relay. */
export const unitOfWorkProvider: Provider = {
  provide: UnitOfWork,
  inject: [MikroORM, EventBus, { token: OutboxRelayService, optional: true }],
  useFactory: (orm: MikroORM, bus: EventBus, relay?: OutboxRelayService) =>
    new UnitOfWork(orm, { subjects: bus.subjects, nudge: () => relay?.nudge() }),
};
