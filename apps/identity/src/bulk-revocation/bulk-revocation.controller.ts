import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { bulkRevokeKeys } from '@latchkey/api-routes';
import { Input } from '@latchkey/runtime';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import { BulkRevocationService } from './bulk-revocation.service';

/** `POST /admin/keys/bulk-revoke`: a dry run (a plan), or a plan's execution (owners and admins). */
@Controller()
export class BulkRevocationController {
  constructor(private readonly bulk: BulkRevocationService) {}

  @IdentityEndpoint(bulkRevokeKeys)
  bulkRevoke(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body }: RouteInput<typeof bulkRevokeKeys>,
  ) {
    if ('plan_id' in body) return this.bulk.execute(user.orgId, body.plan_id, ctx);
    return this.bulk.dryRun(user.orgId, body.filter, body.reason, ctx);
  }
}
