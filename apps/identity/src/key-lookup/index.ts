/** Lookups other services ask identity over NATS: read-only, through the capabilities' repositories. */
export { KeyLookupModule } from './key-lookup.module';
export { KeyLookupService } from './key-lookup.service';
export { LookupResponder } from './lookup-responder';
