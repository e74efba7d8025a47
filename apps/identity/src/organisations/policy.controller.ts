import { Controller } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { getPolicy, replacePolicy } from '@latchkey/api-routes';
import { Input } from '@latchkey/runtime';
import { ChangeContextOf, CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import { PolicyService } from './policy.service';

/** The organisation's issuance policy (key lifetimes, never-expiring keys, IP lists for writes, token lifetimes). */
@Controller()
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @IdentityEndpoint(getPolicy)
  get(@CurrentUser() user: AuthenticatedUser) {
    return this.policies.get(user.orgId);
  }

  @IdentityEndpoint(replacePolicy)
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body: policy }: RouteInput<typeof replacePolicy>,
  ) {
    return this.policies.replace(user.orgId, policy, ctx);
  }
}
