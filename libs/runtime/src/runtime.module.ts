import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard, AccessRulesCheck } from './access';
import { HealthRegistry } from './health';

/**
 * What every service module imports first: the readiness registry, and default deny — one global
 * guard, and a start that fails on a route without an access rule (see access.ts).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [HealthRegistry, AccessRulesCheck, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [HealthRegistry],
})
export class RuntimeModule {}
