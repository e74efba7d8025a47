import { type DynamicModule, Module } from '@nestjs/common';
import { BulkRevocationModule } from './bulk-revocation';
import { identityInfrastructure, type IdentityConfig } from './config';
import { CredentialsModule } from './credentials';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATION_NAMES } from './database';
import { EventsModule } from './events';
import { KeyLookupModule } from './key-lookup';
import { KeysModule } from './keys';
import { LeaksModule } from './leaks';
import { NotificationsModule } from './notifications';
import { LeastPrivilegeModule } from './least-privilege';
import { OrganisationsModule } from './organisations';
import { UsersModule } from './users';
import { WebhooksModule } from './webhooks';

/** Identity: its infrastructure once, then one module per capability (see README "Modules"). */
@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ...identityInfrastructure(config, IDENTITY_ENTITIES, IDENTITY_MIGRATION_NAMES),
        EventsModule,
        OrganisationsModule,
        UsersModule,
        KeysModule,
        BulkRevocationModule,
        LeastPrivilegeModule,
        WebhooksModule,
        NotificationsModule,
        KeyLookupModule,
        CredentialsModule,
        LeaksModule,
      ],
    };
  }
}
