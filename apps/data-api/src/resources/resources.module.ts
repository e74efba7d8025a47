import { Module } from '@nestjs/common';
import { RESOURCE_CONTROLLERS } from './resources.controller';
import { ResourceRepository } from './resource.repository';
import { ResourcesService } from './resources.service';

/** Projects, leads, invoices and transactions: their routes, rules and rows. */
@Module({
  controllers: [...RESOURCE_CONTROLLERS],
  providers: [ResourcesService, ResourceRepository],
})
export class ResourcesModule {}
