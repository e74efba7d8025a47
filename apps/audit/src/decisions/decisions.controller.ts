import { Controller } from '@nestjs/common';
import { ErrorCode, type DecisionView, type Principal, type RouteInput } from '@latchkey/contracts';
import { getDecision } from '@latchkey/api-routes';
import { CurrentPrincipal, Input, ProblemException } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { explainDenial } from './decision-explanation';
import { DecisionRepository } from './decision.repository';

/** Why a request was refused (ADR 0023): the gateway's refusal record, explained. */
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionRepository) {}

  @AuditEndpoint(getDecision)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Input() { params }: RouteInput<typeof getDecision>,
  ): Promise<DecisionView> {
    // Another organisation's decision is not found, exactly like one not flushed yet or never made.
    const stored = await this.decisions.find(principal.org_id, params.id);
    const view = stored && explainDenial(stored);
    if (!view) throw new ProblemException(ErrorCode.NotFound, `decision ${params.id} not found`);
    // An alias is answered under the id the caller was given.
    return { ...view, decision_id: params.id };
  }
}
