import { Module } from '@nestjs/common';
import { OutboxRelayService, unitOfWorkProvider } from '@latchkey/runtime';
import { IdentityBusKeys } from '../bus-trust';
import { KeyInvalidationService } from './key-invalidation.service';

/**
 * What every capability's changes go through: the unit of work (one transaction, its events in
 * the outbox, the relay nudged after the commit), this replica's relay, and the invalidations
 * gateway replicas receive. Registered once, imported by each capability.
 */
@Module({
  providers: [OutboxRelayService, unitOfWorkProvider, IdentityBusKeys, KeyInvalidationService],
  exports: [unitOfWorkProvider, IdentityBusKeys, KeyInvalidationService],
})
export class EventsModule {}
