import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ChangeContext } from '@latchkey/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseInput, ZodBody, ZodQuery, ApiProblems } from '@latchkey/runtime';
import { AdminOnly, CurrentUser } from '../auth/admin.guard';
import type { AuthenticatedUser } from '../auth/bearer.strategy';
import { ChangeContextOf } from '../auth/change-context';
import {
  createUserRequest,
  listUsersQuery,
  resetPasswordRequest,
  updateUserRequest,
  UsersService,
} from './users.service';

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
  @ApiProblems({ 409: 'conflict: a user with this email exists' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Body() body: unknown,
  ) {
    return this.users.create(user, parseInput(createUserRequest, body), ctx);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change name, role or status; a role or status change ends the member's tokens and reports how many gateway replicas confirmed",
  })
  @ZodBody(updateUserRequest)
  @ApiProblems({ 409: 'conflict: an organisation keeps at least one active owner' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.users.update(user, id, parseInput(updateUserRequest, body), ctx);
  }

  @Post(':id/password')
  @ApiOperation({
    summary: "Set a member's password (not your own); every token they held stops working",
  })
  @ZodBody(resetPasswordRequest)
  @HttpCode(200)
  resetPassword(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.users.resetPassword(user, id, parseInput(resetPasswordRequest, body), ctx);
  }

  @Delete(':id')
  @ApiOperation({
    summary:
      'Remove a member: no more sign-in, every token stops working; their keys stay; reports how many gateway replicas confirmed',
  })
  @ApiProblems({ 409: 'conflict: an organisation keeps at least one active owner' })
  @HttpCode(200)
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @ChangeContextOf() ctx: ChangeContext,
    @Param('id') id: string,
  ) {
    return this.users.remove(user, id, ctx);
  }
}
