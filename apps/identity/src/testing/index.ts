/** The integration tier's harness: capability modules on a real PostgreSQL and a private NATS. */
export { IdentityUnderTest, type OutboxRow } from './identity-under-test';
