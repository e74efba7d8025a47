import { Module } from '@nestjs/common';
import { EventsModule } from '../events';
import { OrganisationsModule } from '../organisations';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Members of an organisation, their roles, status and passwords (`/admin/users`). */
@Module({
  imports: [EventsModule, OrganisationsModule],
  controllers: [UsersController],
  providers: [UserRepository, UsersService],
  exports: [UserRepository, UsersService],
})
export class UsersModule {}
