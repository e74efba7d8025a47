import type { KeyUsageView, UsageBucketView } from '@latchkey/contracts';
import type { UsageRollup } from './usage.repository';

/** The usage view of a key's rollups: one bucket per start (statuses summed), the last use overall. */
export function usageViewOf(
  keyId: string,
  period: 'hour' | 'day',
  rollups: readonly UsageRollup[],
): KeyUsageView {
  const buckets = new Map<string, UsageBucketView>();
  let last: { at: Date; ip: string | null } | undefined;
  for (const row of rollups) {
    const start = row.bucket_start.toISOString();
    let bucket = buckets.get(start);
    if (!bucket) buckets.set(start, (bucket = { bucket_start: start, requests: 0, by_status: {} }));
    bucket.requests += row.requests;
    bucket.by_status[row.status] = (bucket.by_status[row.status] ?? 0) + row.requests;
    if (!last || row.last_used_at > last.at) last = { at: row.last_used_at, ip: row.last_ip };
  }
  return {
    key_id: keyId,
    period,
    buckets: [...buckets.values()],
    total_requests: [...buckets.values()].reduce((sum, b) => sum + b.requests, 0),
    last_used_at: last?.at.toISOString() ?? null,
    last_client_ip: last?.ip ?? null,
  };
}
