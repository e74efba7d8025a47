import { Module } from '@nestjs/common';
import { KeysModule } from '../keys';
import { UsersModule } from '../users';
import { WebhooksModule } from '../webhooks';
import { KeyLookupService } from './key-lookup.service';

/** The answers to other services' lookups of keys, users and webhook connections (NATS request/reply). */
@Module({
  imports: [KeysModule, UsersModule, WebhooksModule],
  providers: [KeyLookupService],
  exports: [KeyLookupService],
})
export class KeyLookupModule {}
