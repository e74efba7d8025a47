import { Controller } from '@nestjs/common';
import type { RouteInput } from '@latchkey/contracts';
import { recommendKey } from '@latchkey/api-routes';
import { Input } from '@latchkey/runtime';
import { CurrentUser, IdentityEndpoint, type AuthenticatedUser } from '../access';
import { LeastPrivilegeService } from './least-privilege.service';

/** `GET /admin/keys/:id/recommendation` (any role: a read, ADR 0019). */
@Controller()
export class LeastPrivilegeController {
  constructor(private readonly leastPrivilege: LeastPrivilegeService) {}

  @IdentityEndpoint(recommendKey)
  recommend(@CurrentUser() user: AuthenticatedUser, @Input() { params }: RouteInput<typeof recommendKey>) {
    return this.leastPrivilege.recommendation(user.orgId, params.id);
  }
}
