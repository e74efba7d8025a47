import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ErrorCode, type Principal } from '@latchkey/contracts';
import { CurrentPrincipal, parseInput, PrincipalGuard, ProblemException } from '@latchkey/runtime';
import { decodeCursor, encodeCursor, pageQuery } from '../pagination/cursor';
import { ProjectSchema, toProjectView } from './project.entity';

const listQuery = z.strictObject({ ...pageQuery, status: z.enum(['active', 'archived']).optional() });

/** The organisation comes from the gateway-signed principal only, never from the request. */
@Controller('v1/projects')
@UseGuards(PrincipalGuard)
export class ProjectsController {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { limit, cursor, status } = parseInput(listQuery, query, 'query');
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.orm.em
      .fork()
      .find(
        ProjectSchema,
        { orgId: principal.org_id, ...(status ? { status } : {}), ...(after ? { id: { $gt: after } } : {}) },
        { orderBy: { id: 'asc' }, limit: limit + 1 },
      );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toProjectView),
      next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const project = await this.orm.em.fork().findOne(ProjectSchema, { id, orgId: principal.org_id });
    // Another organisation's row is "not found", never "forbidden".
    if (!project) throw new ProblemException(ErrorCode.NotFound, `no project ${id}`);
    return toProjectView(project);
  }
}
