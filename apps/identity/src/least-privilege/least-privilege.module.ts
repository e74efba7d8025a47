import { Module } from '@nestjs/common';
import { KeysModule } from '../keys';
import { LeastPrivilegeController } from './least-privilege.controller';
import { LeastPrivilegeService } from './least-privilege.service';

/** Least privilege: what each key was granted and never exercised (`/admin/keys/:id/recommendation`). */
@Module({
  imports: [KeysModule],
  controllers: [LeastPrivilegeController],
  providers: [LeastPrivilegeService],
})
export class LeastPrivilegeModule {}
