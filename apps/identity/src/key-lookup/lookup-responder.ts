import { ServerNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { ReadinessCheck } from '@latchkey/runtime';

/**
 * Nest's NATS server, answering identity's lookups, that can tell whether it still serves: its
 * connection open (it reconnects forever, with the bus's options) and every handler's
 * subscription alive. NATS subscriptions outlive reconnects, so one that is closed — or a
 * connection closed for good — means lookups go unanswered until the process is replaced: the
 * readiness check says so instead of leaving a Ready pod that answers nothing.
 */
export class LookupResponder extends ServerNats {
  private readonly served: Subscription[] = [];
  private connection: NatsConnection | undefined;

  override bindEvents(client: NatsConnection): void {
    this.connection = client;
    // Record what Nest subscribes (its own list is private) by handing it a connection whose
    // subscribe() keeps the subscriptions it returns.
    const recording = new Proxy(client, {
      get: (target, property, receiver) => {
        if (property !== 'subscribe') return Reflect.get(target, property, receiver) as unknown;
        return (subject: string, options?: Parameters<NatsConnection['subscribe']>[1]) => {
          const subscription = target.subscribe(subject, options);
          this.served.push(subscription);
          return subscription;
        };
      },
    });
    super.bindEvents(recording);
  }

  readiness(): ReadinessCheck {
    return {
      name: 'lookup_responder',
      check: async () => {
        if (!this.connection) throw new Error('lookup responder not started');
        if (this.connection.isClosed()) throw new Error('lookup responder connection closed');
        if (this.served.length === 0 || this.served.some((s) => s.isClosed()))
          throw new Error('lookup responder subscription closed');
      },
    };
  }
}
