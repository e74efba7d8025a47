import { Module } from '@nestjs/common';
import { AuthenticationModule } from '../authentication';
import { BusTrustModule } from '../bus-trust';
import { InvalidationListener } from './invalidation-listener';

/**
 * Revoked, rotated and changed keys and users, as identity announces them: applied to
 * authentication's caches and confirmed. It serves no request.
 */
@Module({
  imports: [AuthenticationModule, BusTrustModule],
  providers: [InvalidationListener],
})
export class RevocationModule {}
