import { ApiProperty } from '@nestjs/swagger';
import { UserEntity } from '../user.entity.js';
import { ROLES } from '../../../common/vocabulary.js';
import type { Role } from '../../../common/vocabulary.js';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'zoe@example.com',
    nullable: true,
    type: String,
    description: 'Null for people outside your organisation (e.g. assessors a provider picks from)',
  })
  email: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerId: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: Date;
}

export function toUserDto(user: UserEntity, showEmail = true): UserDto {
  return {
    id: user.id,
    email: showEmail ? user.email : null,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    providerId: user.providerId,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}
