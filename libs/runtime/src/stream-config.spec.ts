import { createUser } from '@nats-io/nkeys';
import { z } from 'zod';
import { DEFAULT_STREAM_SETTINGS, outboxRetryHorizonMs, OUTBOX_RELAY_DEFAULTS } from '@latchkey/messaging';
import {
  ConfigError,
  formatDuration,
  natsEnv,
  parseBytes,
  parseConfig,
  parseDuration,
  streamOptionsOf,
  streamSettingsRule,
} from './config';

const schema = z.object(natsEnv).superRefine(streamSettingsRule);
/** Every service's own NATS key (tested in config.spec.ts): present so only the stream settings vary. */
const SEED = { NATS_NKEY_SEED: new TextDecoder().decode(createUser().getSeed()) };

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(schema, { ...SEED, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('stream settings in the configuration', () => {
  it('defaults fit one local node and are the messaging library’s defaults', () => {
    expect(streamOptionsOf(parseConfig(schema, SEED))).toEqual({
      streamSettings: DEFAULT_STREAM_SETTINGS,
      deadLetterMaxBytes: 0,
    });
  });

  it('reads durations and sizes as operators write them', () => {
    const config = parseConfig(schema, {
      ...SEED,
      STREAM_REPLICAS: '3',
      STREAM_MAX_AGE: '72h',
      STREAM_MAX_BYTES: '12GiB',
      STREAM_DLQ_MAX_BYTES: '1GiB',
      STREAM_DUPLICATE_WINDOW: '10m',
    });
    expect(streamOptionsOf(config)).toEqual({
      streamSettings: {
        replicas: 3,
        maxAgeMs: 72 * 3_600_000,
        maxBytes: 12 * 1024 ** 3,
        duplicateWindowMs: 600_000,
      },
      deadLetterMaxBytes: 1024 ** 3,
    });
  });

  it('refuses a duplicate window no longer than the outbox relay’s retry horizon, naming both', () => {
    const horizon = outboxRetryHorizonMs();
    // The horizon follows the relay's own timing: a full batch of publishes each at its timeout.
    expect(horizon).toBe(
      OUTBOX_RELAY_DEFAULTS.batchSize * OUTBOX_RELAY_DEFAULTS.publishTimeoutMs +
        1000 +
        OUTBOX_RELAY_DEFAULTS.idleMs +
        OUTBOX_RELAY_DEFAULTS.publishTimeoutMs,
    );
    expect(problemsOf({ STREAM_DUPLICATE_WINDOW: `${horizon}ms` })).toEqual([
      expect.stringMatching(
        new RegExp(
          `^STREAM_DUPLICATE_WINDOW: invalid \\(must be longer than the outbox relay's retry horizon \\(${horizon} ms`,
        ),
      ),
    ]);
    expect(problemsOf({ STREAM_DUPLICATE_WINDOW: '2m' })).toHaveLength(1);
    expect(problemsOf({ STREAM_DUPLICATE_WINDOW: `${horizon + 1}ms` })).toEqual([]);
  });

  it('refuses a duplicate window longer than the max age (JetStream would refuse the stream)', () => {
    expect(problemsOf({ STREAM_MAX_AGE: '4m', STREAM_DUPLICATE_WINDOW: '5m' })).toEqual([
      'STREAM_DUPLICATE_WINDOW: invalid (must not exceed STREAM_MAX_AGE)',
    ]);
    expect(problemsOf({ STREAM_MAX_AGE: '0', STREAM_DUPLICATE_WINDOW: '5m' })).toEqual([]);
  });

  it('refuses replicas JetStream cannot have and values that are not durations or sizes', () => {
    expect(problemsOf({ STREAM_REPLICAS: '0' })).toEqual([
      expect.stringMatching(/^STREAM_REPLICAS: invalid/),
    ]);
    expect(problemsOf({ STREAM_REPLICAS: '6' })).toEqual([
      expect.stringMatching(/^STREAM_REPLICAS: invalid/),
    ]);
    expect(problemsOf({ STREAM_MAX_AGE: '72 hours' })).toEqual([
      expect.stringMatching(/^STREAM_MAX_AGE: invalid/),
    ]);
    expect(problemsOf({ STREAM_MAX_AGE: '91d' })).toEqual([
      expect.stringMatching(/^STREAM_MAX_AGE: invalid/),
    ]);
    expect(problemsOf({ STREAM_MAX_BYTES: '12GB' })).toEqual([
      expect.stringMatching(/^STREAM_MAX_BYTES: invalid/),
    ]);
  });

  it('durations and sizes round-trip', () => {
    for (const text of ['0', '250ms', '90s', '5m', '36h', '7d'])
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    expect(parseBytes('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1073741824')).toBe(1024 ** 3);
    expect(parseDuration('-1s')).toBeUndefined();
  });
});
