import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';

/** Two minutes of de-duplication by Nats-Msg-Id: longer than any relay retry loop. */
const DUPLICATE_WINDOW_NS = 2 * 60 * 1_000_000_000;

/**
 * Creates the stream, or brings an existing one's subjects up to date. Safe to call from every
 * process at every start, concurrently.
 */
export async function ensureStream(jsm: JetStreamManager, name: string, subjects: string[]): Promise<void> {
  try {
    const info = await jsm.streams.info(name);
    const missing = subjects.filter((s) => !info.config.subjects?.includes(s));
    if (missing.length > 0) {
      await jsm.streams.update(name, { subjects: [...(info.config.subjects ?? []), ...missing] });
    }
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: DUPLICATE_WINDOW_NS,
    });
  } catch (error) {
    // Another process created it between our info and add: that is the state we wanted.
    if (!/already in use|already exists/i.test(String(error))) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}
