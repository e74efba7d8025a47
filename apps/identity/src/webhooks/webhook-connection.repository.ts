import { Inject, Injectable } from '@nestjs/common';
import { LockMode, type RequiredEntityData } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Transaction } from '@latchkey/runtime';
import { WebhookConnectionSchema, type WebhookConnection } from './webhook-connection.entity';

/** Webhook connections' rows: the only place that reads or writes them. */
@Injectable()
export class WebhookConnectionRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** An organisation's connections, newest first (at most 500). */
  list(orgId: string): Promise<WebhookConnection[]> {
    return this.orm.em
      .fork()
      .find(WebhookConnectionSchema, { orgId }, { orderBy: { id: 'desc' }, limit: 500 });
  }

  /** The connection in this organisation as it is now (read from the database on every call), or null. */
  find(orgId: string, id: string): Promise<WebhookConnection | null> {
    return this.orm.em.fork().findOne(WebhookConnectionSchema, { id, orgId });
  }

  /** The connection inside a change, its row locked (FOR UPDATE) until the commit. */
  lock(tx: Transaction, orgId: string, id: string): Promise<WebhookConnection | null> {
    return tx.em.findOne(WebhookConnectionSchema, { id, orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  add(tx: Transaction, connection: RequiredEntityData<WebhookConnection>): WebhookConnection {
    return tx.em.create(WebhookConnectionSchema, connection);
  }
}
