import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { KeysModule } from '../keys';
import { OrganisationsModule } from '../organisations';
import { LeakIntakeService } from './leak-intake.service';
import { LeaksController } from './leaks.controller';

/** Leak reports (`POST /security/leaks`): secrets found in public, judged and acted on by policy. */
@Module({
  imports: [EventsModule, KeysModule, OrganisationsModule],
  controllers: [LeaksController],
  providers: [LeakIntakeService],
})
export class LeaksModule {}
