import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health';

/** What every service module imports first: the readiness registry. */
@Global()
@Module({ providers: [HealthRegistry], exports: [HealthRegistry] })
export class RuntimeModule {}
