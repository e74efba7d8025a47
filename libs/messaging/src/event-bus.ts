import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { subjectsFor, type Subjects } from '@latchkey/contracts';
import { busConnectionOptions, type BusCredentials } from './bus-connection';
import {
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  type StreamSettingChange,
  type StreamSettings,
} from './stream';

export interface EventBusOptions {
  servers: string;
  /** Connection name, shown by the NATS server's monitoring. */
  name: string;
  stream: string;
  subjectPrefix: string;
  /** Replicas, limits and duplicate window of the stream (and of its dead-letter stream). */
  streamSettings?: StreamSettings;
  /** Size limit of the dead-letter stream `<stream>_DLQ` (0: none); its other settings are the stream's. */
  deadLetterMaxBytes?: number;
  /** Told what an existing stream's settings were and what they were brought to (for the log). */
  onStreamChange?: (stream: string, changes: StreamSettingChange[]) => void;
  /** The process's user on the bus and its nkey seed. */
  credentials: BusCredentials;
  /**
   * Brings an existing stream to `streamSettings` (audit: the only user the bus lets update it).
   * The others create the stream if it is missing and leave an existing one's settings alone.
   */
  ownsStream?: boolean;
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
    private readonly options: EventBusOptions,
  ) {}

  static async connect(options: EventBusOptions): Promise<EventBus> {
    const nc = await connect(busConnectionOptions(options.servers, options.name, options.credentials));
    const jsm = await jetstreamManager(nc);
    const subjects = subjectsFor(options.subjectPrefix);
    const bus = new EventBus(nc, jetstream(nc), jsm, subjects, options.stream, options);
    await bus.provision(options.stream, [subjects.events], bus.streamSettings);
    return bus;
  }

  get streamSettings(): StreamSettings {
    return this.options.streamSettings ?? DEFAULT_STREAM_SETTINGS;
  }

  /** The stream where a consumer puts what it could never store: the stream's settings, its own size. */
  async ensureDeadLetterStream(): Promise<void> {
    await this.provision(`${this.streamName}_DLQ`, [this.subjects.deadLetters], {
      ...this.streamSettings,
      maxBytes: this.options.deadLetterMaxBytes ?? 0,
    });
  }

  private async provision(name: string, subjects: string[], settings: StreamSettings): Promise<void> {
    const changes = await ensureStream(this.jsm, name, subjects, settings, {
      update: this.options.ownsStream === true,
    });
    if (changes.length > 0) this.options.onStreamChange?.(name, changes);
  }

  /** Options for another connection of this process (Nest's NATS transports), as the same user. */
  connectionOptions(name: string): ReturnType<typeof busConnectionOptions> {
    return busConnectionOptions(this.options.servers, name, this.options.credentials);
  }

  /**
   * Readiness: the connection is not closed for good. While it reconnects (a node or the whole bus
   * away) the process still serves what it can; a closed one never comes back.
   */
  async check(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
  }

  /** Dependency health: a round trip to the server answers (false while reconnecting). */
  async checkConnected(): Promise<void> {
    if (this.nc.isClosed()) throw new Error('NATS connection closed');
    await this.nc.flush();
  }

  /** Dependency health: the stream answers (its leader is elected and reachable). */
  async checkStream(): Promise<void> {
    await this.jsm.streams.info(this.streamName);
  }

  /** Let in-flight messages and subscriptions finish, then close. */
  async drain(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
