import { jetstream } from '@nats-io/jetstream';
import { createUser } from '@nats-io/nkeys';
import { PrivateNatsCluster, PrivateNatsServer, waitFor } from '@latchkey/testing';
import { EventBus } from './event-bus';
import {
  DEFAULT_STREAM_SETTINGS,
  ensureStream,
  type StreamSettingChange,
  type StreamSettings,
} from './stream';

jest.setTimeout(90_000);

const NS = 1_000_000;
const SETTINGS: StreamSettings = {
  replicas: 1,
  maxAgeMs: 60 * 60_000,
  maxBytes: 64 * 1024 * 1024,
  duplicateWindowMs: 3 * 60_000,
};

describe('stream settings (real nats-server)', () => {
  let nats: PrivateNatsServer;
  let bus: EventBus;

  beforeAll(async () => {
    // The layout of the LIVE stream: identity may put its events on it. Streams are provisioned as
    // the operator (any stream, every setting); the deployment's services provision only their own.
    nats = await PrivateNatsServer.start({ stream: 'LIVE', subjectPrefix: 'live', auditConsumer: 'audit' });
  });

  afterAll(async () => {
    await bus?.nc.close();
    await nats?.remove();
  });

  it('creates the stream and its dead-letter stream with the configured limits and duplicate window', async () => {
    bus = await EventBus.connect({
      servers: nats.url,
      credentials: { user: 'operator', seed: nats.seedOf('operator') },
      ownsStream: true,
      name: 'stream-test',
      stream: 'CREATED',
      subjectPrefix: 'created',
      streamSettings: SETTINGS,
      deadLetterMaxBytes: 8 * 1024 * 1024,
    });
    await bus.ensureDeadLetterStream();
    const { config } = await bus.jsm.streams.info('CREATED');
    expect(config).toMatchObject({
      subjects: ['created.>'],
      num_replicas: 1,
      max_age: 60 * 60_000 * NS,
      max_bytes: 64 * 1024 * 1024,
      duplicate_window: 3 * 60_000 * NS,
    });
    const dlq = (await bus.jsm.streams.info('CREATED_DLQ')).config;
    expect(dlq).toMatchObject({
      subjects: ['created_dlq.>'],
      max_age: 60 * 60_000 * NS,
      max_bytes: 8 * 1024 * 1024,
      duplicate_window: 3 * 60_000 * NS,
    });
  });

  it('brings a live stream to changed settings, keeps its messages and says what changed', async () => {
    // A stream as earlier releases created it: one replica, no limits, a 2-minute window.
    await bus.jsm.streams.add({ name: 'LIVE', subjects: ['live.>'], duplicate_window: 2 * 60_000 * NS });
    const identity = await nats.connect('identity');
    const publish = () => jetstream(identity).publish('live.org_a.key.created', '{}', { msgID: 'evt_1' });
    await publish();

    const changes: StreamSettingChange[][] = [];
    const again = await EventBus.connect({
      servers: nats.url,
      credentials: { user: 'operator', seed: nats.seedOf('operator') },
      ownsStream: true,
      name: 'stream-test-2',
      stream: 'LIVE',
      subjectPrefix: 'live',
      streamSettings: SETTINGS,
      onStreamChange: (_stream, c) => changes.push(c),
    });
    try {
      expect(changes).toEqual([
        [
          { setting: 'max_age', from: 'none', to: '3600000 ms' },
          { setting: 'max_bytes', from: 'none', to: '67108864 bytes' },
          { setting: 'duplicate_window', from: '120000 ms', to: '180000 ms' },
        ],
      ]);
      const info = await bus.jsm.streams.info('LIVE');
      expect(info.config).toMatchObject({
        max_age: 60 * 60_000 * NS,
        max_bytes: 64 * 1024 * 1024,
        duplicate_window: 3 * 60_000 * NS,
      });
      expect(info.state.messages).toBe(1);
      // Every later start finds nothing to change.
      expect(await ensureStream(bus.jsm, 'LIVE', ['live.>'], SETTINGS)).toEqual([]);
      // The duplicate window is the new one: the same Nats-Msg-Id is still dropped.
      expect((await publish()).duplicate).toBe(true);
    } finally {
      await again.nc.close();
      await identity.close();
    }
  });

  it('refuses to start when replicas are asked of a single server, which would silently keep one', async () => {
    await expect(ensureStream(bus.jsm, 'LIVE', ['live.>'], { ...SETTINGS, replicas: 3 })).rejects.toThrow(
      /3 replicas asked of a NATS server that is not in a JetStream cluster; STREAM_REPLICAS must not exceed/,
    );
  });
});

/** The cluster runs without authorization (replication is what it tests): any user seed connects. */
const CLUSTER_SEED = new TextDecoder().decode(createUser().getSeed());

describe('stream replicas on a 3-node JetStream cluster (real nats-server cluster)', () => {
  let cluster: PrivateNatsCluster;
  let bus: EventBus | undefined;

  beforeAll(async () => {
    cluster = await PrivateNatsCluster.start(3);
  });

  afterAll(async () => {
    await bus?.nc.close();
    await cluster?.stop();
  });

  it('moves a one-replica stream to 3 replicas at the next start, and creates new ones with 3', async () => {
    const first = await EventBus.connect({
      servers: cluster.url,
      credentials: { user: 'audit', seed: CLUSTER_SEED },
      ownsStream: true,
      name: 'cluster-test-1',
      stream: 'REPLICATED',
      subjectPrefix: 'replicated',
      streamSettings: DEFAULT_STREAM_SETTINGS,
    });
    expect((await first.jsm.streams.info('REPLICATED')).config.num_replicas).toBe(1);
    await first.nc.close();

    const changes: StreamSettingChange[][] = [];
    bus = await EventBus.connect({
      servers: cluster.url,
      credentials: { user: 'audit', seed: CLUSTER_SEED },
      ownsStream: true,
      name: 'cluster-test-2',
      stream: 'REPLICATED',
      subjectPrefix: 'replicated',
      streamSettings: { ...DEFAULT_STREAM_SETTINGS, replicas: 3 },
      onStreamChange: (_stream, c) => changes.push(c),
    });
    expect(changes).toEqual([[{ setting: 'num_replicas', from: '1', to: '3' }]]);
    // The leader and two current followers: each message is on three nodes.
    await waitFor(
      'two current followers',
      async () => {
        const info = await bus!.jsm.streams.info('REPLICATED');
        return (
          info.config.num_replicas === 3 &&
          (info.cluster?.replicas ?? []).filter((r) => r.current).length === 2
        );
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    await bus.ensureDeadLetterStream();
    const dlq = await bus.jsm.streams.info('REPLICATED_DLQ');
    expect(dlq.config.num_replicas).toBe(3);
    expect(dlq.cluster?.replicas ?? []).toHaveLength(2);
  });
});
