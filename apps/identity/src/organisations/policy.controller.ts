import { Controller, Inject } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { EventType, type ChangeContext, type PolicyUpdatedData, type RouteInput } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';
import { Input, OutboxRelayService } from '@latchkey/runtime';
import { CurrentUser, IdentityEndpoint } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import { recordEvent } from '../events/change-events';
import { getPolicy, replacePolicy } from '@latchkey/api-routes';
import { enforceTokenLifetimes } from '../keys/issuance-policy';
import type { IssuancePolicy } from '@latchkey/api-routes';
import { OrganisationSchema, policyOf } from './organisation.entity';

/** The organisation's issuance policy (key lifetimes, never-expiring keys, IP lists for writes, token lifetimes). */
@Controller()
export class PolicyController {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly relay: OutboxRelayService,
  ) {}

  @IdentityEndpoint(getPolicy)
  async get(@CurrentUser() user: AuthenticatedUser) {
    return policyOf(await this.orm.em.fork().findOneOrFail(OrganisationSchema, { id: user.orgId }));
  }

  /** Replaces the policy; a change is audited (`policy.updated`, both versions) in the same transaction. */
  @IdentityEndpoint(replacePolicy)
  async replace(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Input() { body: policy }: RouteInput<typeof replacePolicy>,
  ) {
    enforceTokenLifetimes(policy);
    const saved = await this.orm.em.fork().transactional(async (tx) => {
      // Locked: two replacements run one after the other, each event's `from` is what it replaced.
      const org = await tx.findOneOrFail(
        OrganisationSchema,
        { id: user.orgId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const before = policyOf(org);
      org.policy = policy;
      const changes = changedRules(before, policy);
      if (changes.length > 0) {
        const data: PolicyUpdatedData = { from: before, to: policyOf(org), changes, ...ctx };
        recordEvent(tx, this.bus.subjects, EventType.PolicyUpdated, org.id, org.id, data);
      }
      return policyOf(org);
    });
    this.relay.nudge();
    return saved;
  }
}

function changedRules(before: IssuancePolicy, after: IssuancePolicy): (keyof IssuancePolicy)[] {
  return (Object.keys(after) as (keyof IssuancePolicy)[]).filter((rule) => before[rule] !== after[rule]);
}
