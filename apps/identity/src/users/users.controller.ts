import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody, ZodQuery } from '@latchkey/runtime';
import { AdminOnly, CurrentUser } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import { createUserRequest, listUsersQuery, updateUserRequest, UsersService } from './users.service';

/** Members and roles; owners and admins only. */
@ApiTags('users')
@Controller('admin/users')
@AdminOnly()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List members' })
  @ZodQuery(listUsersQuery)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: unknown) {
    return this.users.list(user.orgId, parseInput(listUsersQuery, query, 'query'));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a member' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string) {
    return this.users.get(user.orgId, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a member (never above your own role)' })
  @ZodBody(createUserRequest)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Body() body: unknown,
  ) {
    return this.users.create(user, parseInput(createUserRequest, body), ctx);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, role or status' })
  @ZodBody(updateUserRequest)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.users.update(user, id, parseInput(updateUserRequest, body), ctx);
  }
}
