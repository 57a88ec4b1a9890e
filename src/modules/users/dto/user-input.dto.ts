import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page.dto.js';
import {
  NoInvisibleCharacters,
  NormaliseEmail,
  Optional,
  SearchText,
  Trim,
} from '../../../common/validators.js';
import { ROLES } from '../../../common/vocabulary.js';
import type { Role } from '../../../common/vocabulary.js';

export class CreateUserDto {
  @ApiProperty({ example: 'zoe@example.com', description: 'Unique, case-insensitive' })
  @NormaliseEmail()
  @NoInvisibleCharacters()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Zoë Łukasiewicz' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ description: 'At least 12 characters, mixing letters with digits or symbols' })
  @IsString()
  password: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'provider: their provider; employer and apprentice: their employer; assessor: their assessment organisation; admin: none',
  })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    description:
      'Name or e-mail address: every word as the start of a word, ignoring case and accents',
    maxLength: 100,
  })
  @SearchText()
  q?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description: 'A new password: the user themselves (with currentPassword) or an admin',
  })
  @Optional()
  @IsString()
  password?: string;

  @ApiPropertyOptional({
    description:
      'Required to change your own password; tries count against the sign-in limits (429)',
  })
  @Optional()
  @IsString()
  @MaxLength(1000)
  currentPassword?: string;

  @ApiPropertyOptional({
    description: 'Disabled users cannot sign in and their tokens stop working',
  })
  @Optional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    description:
      'Name or e-mail address: every word as the start of a word, ignoring case and accents',
    maxLength: 100,
  })
  @SearchText()
  q?: string;
}
