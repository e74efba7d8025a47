/** Users: members, roles and passwords. Others read users through UserRepository, change them through UsersService. */
export { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
export { toUserView, UserSchema, type User } from './user.entity';
export { UserRepository } from './user.repository';
export { UsersModule } from './users.module';
export { UsersService } from './users.service';
