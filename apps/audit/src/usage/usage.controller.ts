import { Controller } from '@nestjs/common';
import type { KeyUsageView, Principal, RouteInput } from '@latchkey/contracts';
import { getKeyUsage } from '@latchkey/api-routes';
import { CurrentPrincipal, Input } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { usageViewOf } from './usage-view';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;

/** Per-key usage rolled up per hour and per day, as the `key.used` events arrive. */
@Controller()
export class UsageController {
  constructor(private readonly rollups: UsageRepository) {}

  @AuditEndpoint(getKeyUsage)
  async usage(
    @CurrentPrincipal() principal: Principal,
    @Input() { params, query: q }: RouteInput<typeof getKeyUsage>,
  ): Promise<KeyUsageView> {
    const since = q.since
      ? new Date(q.since)
      : new Date(Date.now() - (q.period === 'hour' ? 2 : 90) * DAY_MS);
    const until = q.until ? new Date(q.until) : new Date(Date.now() + DAY_MS);
    const rollups = await this.rollups.rollups({
      orgId: principal.org_id,
      keyId: params.id,
      period: q.period,
      since,
      until,
    });
    return usageViewOf(params.id, q.period, rollups);
  }
}
