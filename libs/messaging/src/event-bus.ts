import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { subjectsFor, type Subjects } from '@latchkey/contracts';
import { ensureStream } from './stream';

export interface EventBusOptions {
  servers: string;
  /** Connection name, shown by the NATS server's monitoring. */
  name: string;
  stream: string;
  subjectPrefix: string;
}

/**
 * One NATS connection per process, with its JetStream views and the subject names.
 * Reconnects forever: a NATS outage degrades the service (events wait in the outbox),
 * it does not stop it.
 */
export class EventBus {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly subjects: Subjects,
    readonly streamName: string,
  ) {}

  static async connect(options: EventBusOptions): Promise<EventBus> {
    const nc = await connect({
      servers: options.servers.split(','),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const jsm = await jetstreamManager(nc);
    const subjects = subjectsFor(options.subjectPrefix);
    await ensureStream(jsm, options.stream, [subjects.events]);
    return new EventBus(nc, jetstream(nc), jsm, subjects, options.stream);
  }

  /** Readiness: connected, and the stream answers. */
  async check(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
    await this.jsm.streams.info(this.streamName);
  }

  /** Let in-flight messages and subscriptions finish, then close. */
  async drain(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
