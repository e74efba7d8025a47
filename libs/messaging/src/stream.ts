import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';

/**
 * What operations decide about a stream. The stream is a transport buffer between the services and
 * the audit trail, not the record (PostgreSQL's `audit.events` is): its age and size only need to
 * cover the longest audit outage to absorb, and its replicas how many NATS nodes may fail.
 */
export interface StreamSettings {
  /** JetStream replicas (1 on one node; 3 on a 3-node cluster survives the loss of one). */
  replicas: number;
  /** Messages older than this are discarded (0: no age limit). */
  maxAgeMs: number;
  /** Beyond this size the oldest messages are discarded (0: no size limit). */
  maxBytes: number;
  /** JetStream drops a message whose Nats-Msg-Id it saw within this window. */
  duplicateWindowMs: number;
}

/**
 * Defaults that fit one local node (development, tests). No size limit by default: JetStream reserves
 * a stream's max_bytes against the server's store when the stream is created, and a machine's server
 * shared by many test streams would run out of reservations.
 */
export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  replicas: 1,
  maxAgeMs: 72 * 3_600_000,
  maxBytes: 0,
  duplicateWindowMs: 5 * 60_000,
};

/** One setting an existing stream had and what it was brought to. */
export interface StreamSettingChange {
  setting: 'subjects' | 'num_replicas' | 'max_age' | 'max_bytes' | 'duplicate_window';
  from: string;
  to: string;
}

const NS_PER_MS = 1_000_000;

/** The JetStream configuration the settings stand for (JetStream counts in nanoseconds, -1 = none). */
function limitsOf(settings: StreamSettings) {
  return {
    num_replicas: settings.replicas,
    max_age: settings.maxAgeMs * NS_PER_MS,
    max_bytes: settings.maxBytes === 0 ? -1 : settings.maxBytes,
    duplicate_window: settings.duplicateWindowMs * NS_PER_MS,
  };
}

/**
 * Creates the stream with the settings, or brings an existing one to them: missing subjects are
 * added, and replicas, max age, max size and the duplicate window that differ are updated in place
 * (JetStream changes all four on a live stream; a cluster moves to the new replica count on its own).
 * Returns what changed, so the caller can log it. Safe to call from every process at every start,
 * concurrently: every service reads the same settings, so concurrent updates agree.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
  /**
   * Bring an existing stream to the settings. On the authenticated bus only the stream's owner
   * (audit, ADR 0014) may update it; the other services create it if it is missing and leave an
   * existing one as they find it.
   */
  { update: owner = true }: { update?: boolean } = {},
): Promise<StreamSettingChange[]> {
  const wanted = limitsOf(settings);
  try {
    const info = await jsm.streams.info(name);
    const { changes, update } = differences(info.config, subjects, wanted);
    if (!owner) return [];
    if (changes.length > 0) refuseIfNotApplied(name, await jsm.streams.update(name, update), wanted);
    return changes;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  let info: StreamInfo;
  try {
    info = await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      ...wanted,
    });
  } catch (error) {
    // Another process created it between our info and add: that is the state we wanted.
    if (!/already in use|already exists/i.test(String(error))) throw error;
    return ensureStream(jsm, name, subjects, settings, { update: owner });
  }
  refuseIfNotApplied(name, info, wanted);
  return [];
}

function differences(
  current: StreamConfig,
  subjects: string[],
  wanted: ReturnType<typeof limitsOf>,
): { changes: StreamSettingChange[]; update: Partial<StreamConfig> } {
  const changes: StreamSettingChange[] = [];
  const update: Partial<StreamConfig> = {};
  const have = current.subjects ?? [];
  const missing = subjects.filter((s) => !have.includes(s));
  if (missing.length > 0) {
    update.subjects = [...have, ...missing];
    changes.push({ setting: 'subjects', from: have.join(','), to: update.subjects.join(',') });
  }
  const compare = <K extends keyof typeof wanted>(setting: K, show: (value: number) => string) => {
    const before = current[setting] ?? 0;
    if (before === wanted[setting]) return;
    update[setting] = wanted[setting];
    changes.push({ setting, from: show(before), to: show(wanted[setting]) });
  };
  compare('num_replicas', String);
  compare('max_age', (ns) => (ns === 0 ? 'none' : `${ns / NS_PER_MS} ms`));
  compare('max_bytes', (bytes) => (bytes < 0 ? 'none' : `${bytes} bytes`));
  compare('duplicate_window', (ns) => `${ns / NS_PER_MS} ms`);
  return { changes, update };
}

/**
 * A server that is not part of a cluster accepts a replica count above 1 on an existing stream without
 * an error and keeps one copy (nats-server 2.9): the service would run believing its events are on
 * three nodes. Refuse to start instead; and refuse any limit the server did not take.
 */
function refuseIfNotApplied(name: string, info: StreamInfo, wanted: ReturnType<typeof limitsOf>): void {
  if (wanted.num_replicas > 1 && info.cluster === undefined)
    throw new Error(
      `stream ${name}: ${wanted.num_replicas} replicas asked of a NATS server that is not in a JetStream ` +
        'cluster; STREAM_REPLICAS must not exceed the cluster size (a single server is 1)',
    );
  const kept = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => info.config[k] !== wanted[k]);
  if (kept.length > 0)
    throw new Error(
      `stream ${name}: NATS kept ${kept.map((k) => `${k} ${info.config[k]} (asked ${wanted[k]})`).join(', ')}`,
    );
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}
