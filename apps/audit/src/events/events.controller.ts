import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ErrorCode, EVENT_TYPES, type Principal } from '@latchkey/contracts';
import { CurrentPrincipal, parseInput, PrincipalGuard, ProblemException } from '@latchkey/runtime';
import { AuditEventSchema, toAuditEventView } from './audit-event.entity';

const eventsQuery = z.strictObject({
  key_id: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  type: z.enum(EVENT_TYPES as [string, ...string[]]).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});

/** Newest first, filtered, for the principal's organisation only. */
@Controller('audit')
@UseGuards(PrincipalGuard)
export class EventsController {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  @Get('events')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const q = parseInput(eventsQuery, query, 'query');
    const before = q.cursor ? decodeSeqCursor(q.cursor) : undefined;
    const rows = await this.orm.em.fork().find(
      AuditEventSchema,
      {
        orgId: principal.org_id,
        ...(q.key_id ? { keyId: q.key_id } : {}),
        ...(q.actor ? { actorId: q.actor } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.since || q.until
          ? {
              occurredAt: {
                ...(q.since ? { $gte: new Date(q.since) } : {}),
                ...(q.until ? { $lt: new Date(q.until) } : {}),
              },
            }
          : {}),
        ...(before !== undefined ? { seq: { $lt: before } } : {}),
      },
      { orderBy: { seq: 'desc' }, limit: q.limit + 1 },
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toAuditEventView),
      next_cursor: rows.length > q.limit && last ? Buffer.from(String(last.seq)).toString('base64url') : null,
    };
  }
}

function decodeSeqCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(seq) || seq <= 0) {
    throw new ProblemException(ErrorCode.InvalidRequest, 'cursor: not a cursor this API returned');
  }
  return seq;
}
