import { Controller, Headers, Logger, Req, Res } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ErrorCode, type Principal, type RouteInput } from '@latchkey/contracts';
import { z } from 'zod';
import { CurrentPrincipal, Input, pageCursor, PrincipalExpiresAt, ProblemException } from '@latchkey/runtime';
import { AuditEndpoint } from '../http/audit-endpoint';
import { exportEvents, listEvents, tailEvents } from '@latchkey/api-routes';
import { csvHeader, csvRow } from './csv-export';
import { EventReader, type EventView } from './event-reader';
import { LiveTails } from './live-tails';

/** The trail is paged by its store's arrival order: the cursor carries the last event's `seq`. */
const SEQ_CURSOR = pageCursor(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

const TAIL_POLL_MS = 500;
const HEARTBEAT_MS = 5_000;

/** Query, export and live tail of the trail, for the principal's organisation only. */
@Controller()
export class EventsController {
  private readonly logger = new Logger('events');

  constructor(
    private readonly reader: EventReader,
    private readonly tails: LiveTails,
  ) {}

  @AuditEndpoint(listEvents)
  async list(@CurrentPrincipal() principal: Principal, @Input() { query }: RouteInput<typeof listEvents>) {
    const { limit, order, cursor, ...filters } = query;
    const afterSeq = cursor ? SEQ_CURSOR.decode(cursor) : undefined;
    const rows = await this.reader.page(principal.org_id, filters, {
      limit: limit + 1,
      order,
      ...(afterSeq !== undefined ? { afterSeq } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page, next_cursor: rows.length > limit && last ? SEQ_CURSOR.encode(last.seq) : null };
  }

  /** Streamed page by page: memory stays flat whatever the size of the result. */
  @AuditEndpoint(exportEvents)
  export(
    @CurrentPrincipal() principal: Principal,
    @Input() { query }: RouteInput<typeof exportEvents>,
    @Res() reply: FastifyReply,
  ): void {
    const { format, order, ...filters } = query;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header(
        'content-disposition',
        `attachment; filename="latchkey-audit-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
      );
    // HEAD: the headers of the export, without reading the trail.
    if (reply.request.method === 'HEAD') {
      void reply.send();
      return;
    }
    const rows = this.reader.all(principal.org_id, filters, order);
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvHeader();
      for await (const row of rows) {
        yield format === 'csv' ? csvRow(row) : `${JSON.stringify(row)}\n`;
      }
    }
    void reply.send(Readable.from(lines()));
  }

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
        const [newest] = await this.reader.page(principal.org_id, {}, { limit: 1, order: 'desc' });
        afterSeq = newest?.seq ?? 0;
      }
      // The position goes out first, so a client resumes from here even if no event follows.
      raw.write(`retry: 2000\nid: ${afterSeq}\n: tailing after ${afterSeq}\n\n`);
      let lastBeat = Date.now();
      const send = (event: EventView) =>
        raw.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      // Until the principal expires (≤ 30 s), or its key or user changes (revoked, disabled, …):
      // the client reconnects with Last-Event-ID through the gateway, which checks the key or token
      // again, so a revoked credential stops tailing.
      while (open && !tail.ended && Date.now() < expiresAt) {
        const page = await this.reader.page(principal.org_id, filters, {
          limit: 500,
          order: 'asc',
          afterSeq,
        });
        // Nothing more once the credential changed, not even what this query found.
        if (tail.ended) break;
        for (const event of page) send(event);
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
