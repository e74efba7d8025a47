import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { OrganisationRepository } from './organisation.repository';
import { PolicyController } from './policy.controller';
import { PolicyService } from './policy.service';

/** Organisations and their issuance policy (`/admin/policy`). */
@Module({
  imports: [EventsModule],
  controllers: [PolicyController],
  providers: [OrganisationRepository, PolicyService],
  exports: [OrganisationRepository, PolicyService],
})
export class OrganisationsModule {}
