import { EventType, type KeyUsedData } from '@latchkey/contracts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The usage of one (key, period, bucket, status) in a batch, summed in memory. */
export interface UsageRollupDelta {
  key_id: string;
  org_id: string;
  period: 'hour' | 'day';
  /** Epoch ms, the start of the hour or day (UTC). */
  bucket_start: number;
  status: string;
  requests: number;
  /** Epoch ms of the last use in the batch, with its client IP. */
  last_used_at: number;
  last_ip: string | null;
}

/** What the rollups read of a stored event. */
export interface UsageSource {
  org_id: string;
  type: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

const startOf = (at: number, size: number) => at - (((at % size) + size) % size);

/**
 * Hourly and daily counts per key and status, with the last use and client IP, summed over a
 * batch of new events (only `key.used` counts): what ingestion adds to `key_usage_rollups`, one
 * upsert per (key, period, bucket, status). Pure.
 */
export function usageRollups(events: Iterable<UsageSource>): UsageRollupDelta[] {
  const buckets = new Map<string, UsageRollupDelta>();
  for (const row of events) {
    if (row.type !== EventType.KeyUsed) continue;
    const data = row.data as Partial<KeyUsedData>;
    if (typeof data.key_id !== 'string' || !data.by_status) continue;
    const at = Date.parse(data.window_end ?? row.occurred_at);
    if (Number.isNaN(at)) continue;
    const lastIp = data.last_ip ?? null;
    for (const [period, start] of [
      ['hour', startOf(at, HOUR_MS)],
      ['day', startOf(at, DAY_MS)],
    ] as const) {
      for (const [status, count] of Object.entries(data.by_status)) {
        const id = `${data.key_id}\u0000${period}\u0000${start}\u0000${status}`;
        const bucket = buckets.get(id);
        if (!bucket) {
          buckets.set(id, {
            key_id: data.key_id,
            org_id: row.org_id,
            period,
            bucket_start: start,
            status,
            requests: Number(count),
            last_used_at: at,
            last_ip: lastIp,
          });
          continue;
        }
        bucket.requests += Number(count);
        if (at >= bucket.last_used_at) {
          bucket.last_used_at = at;
          bucket.last_ip = lastIp;
        }
      }
    }
  }
  return [...buckets.values()];
}
