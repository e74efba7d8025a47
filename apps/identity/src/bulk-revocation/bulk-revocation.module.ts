import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { KeysModule } from '../keys';
import { BulkRevocationController } from './bulk-revocation.controller';
import { BulkRevocationService } from './bulk-revocation.service';
import { RevocationPlanRepository } from './revocation-plan.repository';

/** Blast-radius revocation of many keys through a dry-run plan (`/admin/keys/bulk-revoke`). */
@Module({
  imports: [EventsModule, KeysModule],
  controllers: [BulkRevocationController],
  providers: [BulkRevocationService, RevocationPlanRepository],
})
export class BulkRevocationModule {}
