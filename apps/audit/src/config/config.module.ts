import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AUDIT_CONFIG, type AuditConfig } from './audit-config';

/** The loaded configuration, for every module (`@Inject(AUDIT_CONFIG)`). */
@Global()
@Module({})
export class AuditConfigModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditConfigModule,
      providers: [{ provide: AUDIT_CONFIG, useValue: config }],
      exports: [AUDIT_CONFIG],
    };
  }
}
