import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { OrganisationsModule } from '../organisations';
import { ApiKeyRepository } from './api-key.repository';
import { KeyExerciseRepository } from './key-exercise.repository';
import { KeySourceRepository } from './key-source.repository';
import { KeyExpirySweeper } from './key-expiry-sweeper.service';
import { KeyUsageConsumer } from './key-usage.consumer';
import { KeysController } from './keys.controller';
import { KeysService } from './keys.service';

/** API keys and their secrets (`/admin/keys`), their expiry and their last use. */
@Module({
  imports: [EventsModule, OrganisationsModule],
  controllers: [KeysController],
  providers: [
    ApiKeyRepository,
    KeySourceRepository,
    KeyExerciseRepository,
    KeysService,
    KeyExpirySweeper,
    KeyUsageConsumer,
  ],
  exports: [ApiKeyRepository, KeySourceRepository, KeyExerciseRepository, KeysService],
})
export class KeysModule {}
