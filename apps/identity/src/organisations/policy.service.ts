import { Inject, Injectable } from '@nestjs/common';
import { EventType, type ChangeContext, type PolicyUpdatedData } from '@latchkey/contracts';
import type { IssuancePolicy } from '@latchkey/api-routes';
import { UnitOfWork } from '@latchkey/runtime';
import { recordEvent } from '../events';
import { enforceTokenLifetimes } from './issuance-policy';
import { policyOf } from './organisation.entity';
import { OrganisationRepository } from './organisation.repository';

/** The organisation's issuance policy: read, and replaced with its audit event. */
@Injectable()
export class PolicyService {
  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly organisations: OrganisationRepository,
  ) {}

  async get(orgId: string): Promise<IssuancePolicy> {
    return policyOf(await this.organisations.get(orgId));
  }

  /** Replaces the policy; a change is audited (`policy.updated`, both versions) in the same transaction. */
  async replace(orgId: string, policy: IssuancePolicy, ctx: ChangeContext): Promise<IssuancePolicy> {
    enforceTokenLifetimes(policy);
    return this.unit.run(async (tx) => {
      // Locked: two replacements run one after the other, each event's `from` is what it replaced.
      const org = await this.organisations.lock(tx, orgId);
      const before = policyOf(org);
      org.policy = policy;
      const changes = changedRules(before, policy);
      if (changes.length > 0) {
        const data: PolicyUpdatedData = { from: before, to: policyOf(org), changes, ...ctx };
        recordEvent(tx, EventType.PolicyUpdated, org.id, org.id, data);
      }
      return policyOf(org);
    });
  }
}

function changedRules(before: IssuancePolicy, after: IssuancePolicy): (keyof IssuancePolicy)[] {
  return (Object.keys(after) as (keyof IssuancePolicy)[]).filter((rule) => before[rule] !== after[rule]);
}
