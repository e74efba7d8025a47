import { Controller, Res } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Principal, RouteInput } from '@latchkey/contracts';
import { exportEvents } from '@latchkey/api-routes';
import { CurrentPrincipal, Input } from '@latchkey/runtime';
import { AuditEndpoint } from '../http';
import { EventRepository, toEventView } from '../trail';
import { csvHeader, csvRow } from './csv-export';

/** `GET /audit/events/export`: the whole filtered trail as NDJSON or CSV. */
@Controller()
export class ExportController {
  constructor(private readonly events: EventRepository) {}

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
    const rows = this.events.all(principal.org_id, filters, order);
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvHeader();
      for await (const row of rows) {
        const view = toEventView(row);
        yield format === 'csv' ? csvRow(view) : `${JSON.stringify(view)}\n`;
      }
    }
    void reply.send(Readable.from(lines()));
  }
}
