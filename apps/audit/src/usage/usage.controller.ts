import { Controller, Inject } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { KeyUsageView, Principal, RouteInput } from '@latchkey/contracts';
import { CurrentPrincipal, Input } from '@latchkey/runtime';
import { AuditEndpoint } from '../http/audit-endpoint';
import { getKeyUsage } from '@latchkey/api-routes';

/** Per-key usage rolled up per hour and per day, as the `key.used` events arrive. */
@Controller()
export class UsageController {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  @AuditEndpoint(getKeyUsage)
  async usage(
    @CurrentPrincipal() principal: Principal,
    @Input() { params, query: q }: RouteInput<typeof getKeyUsage>,
  ): Promise<KeyUsageView> {
    const keyId = params.id;
    const schema = this.orm.config.get('schema') as string;
    const since = q.since
      ? new Date(q.since)
      : new Date(Date.now() - (q.period === 'hour' ? 2 : 90) * 86_400_000);
    const until = q.until ? new Date(q.until) : new Date(Date.now() + 86_400_000);
    const rows = await this.orm.em
      .fork()
      .execute<
        { bucket_start: Date; status: string; requests: string; last_used_at: Date; last_ip: string | null }[]
      >(
        `select "bucket_start", "status", "requests", "last_used_at", "last_ip" from "${schema}"."key_usage_rollups"
        where "org_id" = ? and "key_id" = ? and "period" = ? and "bucket_start" >= ? and "bucket_start" < ?
        order by "bucket_start", "status"`,
        [principal.org_id, keyId, q.period, since, until],
      );
    const buckets = new Map<
      string,
      { bucket_start: string; requests: number; by_status: Record<string, number> }
    >();
    let last: { at: Date; ip: string | null } | undefined;
    for (const row of rows) {
      const start = new Date(row.bucket_start).toISOString();
      let bucket = buckets.get(start);
      if (!bucket) buckets.set(start, (bucket = { bucket_start: start, requests: 0, by_status: {} }));
      bucket.requests += Number(row.requests);
      bucket.by_status[row.status] = (bucket.by_status[row.status] ?? 0) + Number(row.requests);
      const at = new Date(row.last_used_at);
      if (!last || at > last.at) last = { at, ip: row.last_ip };
    }
    return {
      key_id: keyId,
      period: q.period,
      buckets: [...buckets.values()],
      total_requests: [...buckets.values()].reduce((sum, b) => sum + b.requests, 0),
      last_used_at: last?.at.toISOString() ?? null,
      last_client_ip: last?.ip ?? null,
    };
  }
}
