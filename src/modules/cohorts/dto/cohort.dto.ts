import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, PageOf } from '../../../common/dto/page.dto.js';
import { IsCalendarDate, Trim, Optional } from '../../../common/validators.js';

export class CreateCohortDto {
  @ApiProperty({ example: 'ML Engineers — September 2026' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ST1398' })
  @Matches(/^ST[0-9]{4}$/, { message: 'standardCode must look like ST1398' })
  standardCode: string;

  @ApiPropertyOptional({ example: '1.0', description: 'Defaults to the latest version' })
  @Optional()
  @Matches(/^[0-9]{1,3}\.[0-9]{1,3}$/, { message: 'standardVersion must look like 1.0' })
  standardVersion?: string;

  @ApiPropertyOptional({ example: '2026-09-01' })
  @Optional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only: the provider it belongs to' })
  @Optional()
  @IsUUID()
  providerId?: string;
}

export class UpdateCohortDto {
  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '2026-09-01' })
  @Optional()
  @IsCalendarDate()
  startDate?: string;
}

export class ListCohortsQueryDto extends PageQueryDto {}

export class CohortDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ example: 'ST1398' }) standardCode: string;
  @ApiProperty({ example: '1.0' }) standardVersion: string;
  @ApiProperty({ nullable: true, type: String }) startDate: string | null;
  @ApiProperty() apprenticeCount: number;
  @ApiProperty() createdAt: Date;
}

export class CohortPageDto extends PageOf(CohortDto) {}
