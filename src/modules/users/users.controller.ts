import { Body, Controller, Delete, Get, HttpCode, Ip, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { UserPageDto } from './dto/user-page.dto.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user-input.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiErrors(401, 422)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Requires(Permission.UserList)
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQueryDto) {
    return this.users.list(user, query);
  }

  @Get(':id')
  @Requires(Permission.UserRead)
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.users.get(user, id);
  }

  @Post()
  @Requires(Permission.UserCreate)
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(403, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(user, body);
  }

  @Patch(':id')
  @Requires(Permission.UserUpdate)
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(403, 404, 422, 429)
  update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateUserDto,
    @Ip() ip: string,
  ) {
    return this.users.update(user, id, body, ip);
  }

  @Delete(':id')
  @Requires(Permission.UserDelete)
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  remove(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.users.remove(user, id);
  }
}
