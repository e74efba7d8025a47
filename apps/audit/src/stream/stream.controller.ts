import { Controller, Headers, Logger, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, type AuditEventView, type Principal, type RouteInput } from '@latchkey/contracts';
import { tailEvents } from '@latchkey/api-routes';
import { CurrentPrincipal, Input, PrincipalExpiresAt, ProblemException } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { EventRepository, toEventView } from '../trail';
import { LiveTails } from './live-tails';

const TAIL_POLL_MS = 500;
const HEARTBEAT_MS = 5_000;

/** `GET /audit/events/stream`: the live tail of the principal's organisation's trail. */
@Controller()
export class StreamController {
  private readonly logger = new Logger('events');

  constructor(
    private readonly events: EventRepository,
    private readonly tails: LiveTails,
  ) {}

  /** Server-Sent Events: matching events as they are stored; `Last-Event-ID` (a seq) resumes. */
  @AuditEndpoint(tailEvents)
  async stream(
    @CurrentPrincipal() principal: Principal,
    @PrincipalExpiresAt() expiresAt: number,
    @Input() { query: filters }: RouteInput<typeof tailEvents>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: { method: string; raw: NodeJS.EventEmitter },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    let afterSeq: number | undefined;
    if (lastEventId !== undefined) {
      afterSeq = Number(lastEventId);
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
        throw new ProblemException(
          ErrorCode.InvalidRequest,
          'Last-Event-ID: not a position this stream sent',
        );
      }
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // HEAD: the stream's headers, then done (a tail would hold the connection until it expires).
    if (request.method === 'HEAD') {
      raw.end();
      return;
    }
    let open = true;
    request.raw.on('close', () => (open = false));
    // Ended at once when identity announces a change of the key or user it was opened with.
    const tail = this.tails.open(principal);
    try {
      // Without a resume point, the tail starts at the newest stored event.
      if (afterSeq === undefined) {
        afterSeq = await this.events.newestSeq(principal.org_id);
      }
      // The position goes out first, so a client resumes from here even if no event follows.
      raw.write(`retry: 2000\nid: ${afterSeq}\n: tailing after ${afterSeq}\n\n`);
      let lastBeat = Date.now();
      const send = (event: AuditEventView) =>
        raw.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      // Until the principal expires (≤ 30 s), or its key or user changes (revoked, disabled, …):
      // the client reconnects with Last-Event-ID through the gateway, which checks the key or token
      // again, so a revoked credential stops tailing.
      while (open && !tail.ended && Date.now() < expiresAt) {
        const page = await this.events.page(principal.org_id, filters, {
          limit: 500,
          order: 'asc',
          afterSeq,
        });
        // Nothing more once the credential changed, not even what this query found.
        if (tail.ended) break;
        for (const row of page) send(toEventView(row));
        if (page.length > 0) afterSeq = page[page.length - 1]?.seq ?? afterSeq;
        if (Date.now() - lastBeat >= HEARTBEAT_MS) {
          raw.write(': heartbeat\n\n');
          lastBeat = Date.now();
        }
        if (page.length < 500) await tail.pause(TAIL_POLL_MS);
      }
      if (tail.ended && open) raw.write(': the credential changed; reconnect through the gateway\n\n');
    } catch (error) {
      // The status line is sent: the client sees the stream end and resumes from its last id.
      this.logger.warn(`live tail ended: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      tail.close();
      raw.end();
    }
  }
}
