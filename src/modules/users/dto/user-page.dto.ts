import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from './user.dto.js';

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
