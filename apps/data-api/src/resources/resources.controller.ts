import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { Query } from '@nestjs/common';
import type { Principal } from '@latchkey/contracts';
import { CurrentPrincipal, PrincipalAccess, RequestIdsOf, type RecordedRequestIds } from '@latchkey/runtime';
import { resourceNamed, ResourcesService } from './resources.service';

/**
 * `/v1/<resource>` for projects, leads, invoices and transactions (read-only). Which scope each
 * route needs is decided by the gateway from the shared route table; this service narrows to the
 * principal's organisation and projects.
 */
@Controller('v1')
@PrincipalAccess('key')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Get(':resource')
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('resource') resource: string,
    @Query() query: unknown,
  ) {
    return this.resources.list(principal, resourceNamed(resource), query);
  }

  @Get(':resource/:id')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('resource') resource: string,
    @Param('id') id: string,
  ) {
    return this.resources.get(principal, resourceNamed(resource), id);
  }

  @Post(':resource')
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('resource') resource: string,
    @Body() body: unknown,
    @RequestIdsOf() ids: RecordedRequestIds,
  ) {
    return this.resources.create(principal, resourceNamed(resource), body, ids);
  }

  @Patch(':resource/:id')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @RequestIdsOf() ids: RecordedRequestIds,
  ) {
    return this.resources.update(principal, resourceNamed(resource), id, body, ids);
  }
}
