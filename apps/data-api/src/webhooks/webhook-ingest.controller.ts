import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@latchkey/contracts';
import { CurrentPrincipal, PrincipalAccess, RequestIdsOf, type RecordedRequestIds } from '@latchkey/runtime';
import { WebhookIngestService } from './webhook-ingest.service';

@Controller('v1/webhooks')
@PrincipalAccess('webhook')
export class WebhookIngestController {
  constructor(private readonly ingest: WebhookIngestService) {}

  /** Answers 202 as soon as the event is stored; a retry with the same Idempotency-Key gets the first answer. */
  @Post(':connection_id/events')
  @HttpCode(202)
  async receive(
    @CurrentPrincipal() principal: Principal,
    @Param('connection_id') connectionId: string,
    @Body() body: unknown,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
    @RequestIdsOf() ids: RecordedRequestIds,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.ingest.ingest(principal, connectionId, request.headers, body, ids);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }
}
