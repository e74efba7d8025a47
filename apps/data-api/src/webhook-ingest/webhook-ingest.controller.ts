import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ingestWebhookEvent } from '@latchkey/api-routes';
import type { Principal, RouteInput } from '@latchkey/contracts';
import { CurrentPrincipal, Input, RequestIdsOf, type RecordedRequestIds } from '@latchkey/runtime';
import { DataApiEndpoint } from '../access';
import { WebhookIngestService } from './webhook-ingest.service';

@Controller()
export class WebhookIngestController {
  constructor(private readonly ingest: WebhookIngestService) {}

  /** Answers 202 as soon as the event is stored; a retry with the same Idempotency-Key gets the first answer. */
  @DataApiEndpoint(ingestWebhookEvent)
  async receive(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RouteInput<typeof ingestWebhookEvent>,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @RequestIdsOf() ids: RecordedRequestIds,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { params, body } = input;
    const result = await this.ingest.ingest(principal, params.connection_id, request.headers, body, ids);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }
}
