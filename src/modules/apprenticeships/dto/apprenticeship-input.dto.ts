import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page.dto.js';
import { IsCalendarDate, Optional, SearchText } from '../../../common/validators.js';
import { APPRENTICESHIP_STATUSES } from '../../../common/vocabulary.js';
import type { ApprenticeshipStatus } from '../../../common/vocabulary.js';

export class CreateApprenticeshipDto {
  @ApiProperty({ format: 'uuid', description: 'A user with role apprentice in your provider' })
  @IsUUID()
  apprenticeId: string;

  @ApiProperty({
    format: 'uuid',
    description: "The apprentice's employer (an employer of your provider)",
  })
  @IsUUID()
  employerId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The cohort; its standard version is used' })
  @Optional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ example: 'ST1398', description: 'Required without a cohort' })
  @ValidateIf((o: CreateApprenticeshipDto) => !o.cohortId || o.standardCode !== undefined)
  @Matches(/^ST[0-9]{4}$/, {
    message: 'standardCode must look like ST1398 (required without cohortId)',
  })
  standardCode?: string;

  @ApiPropertyOptional({ example: '1.0', description: 'Defaults to the latest version' })
  @Optional()
  @Matches(/^[0-9]{1,3}\.[0-9]{1,3}$/, { message: 'standardVersion must look like 1.0' })
  standardVersion?: string;

  @ApiProperty({ format: 'uuid', description: 'A provider user of your provider' })
  @IsUUID()
  tutorId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An assessor user; may be set later' })
  @Optional()
  @IsUUID()
  assessorId?: string;

  @ApiProperty({ example: '1234567890', description: 'Unique Learner Number: 10 digits' })
  @Matches(/^[1-9][0-9]{9}$/, { message: 'uln must be a 10-digit Unique Learner Number' })
  uln: string;

  @ApiProperty({ example: '2026-09-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2028-09-01', description: 'After startDate' })
  @IsCalendarDate()
  plannedGatewayDate: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only: the provider' })
  @Optional()
  @IsUUID()
  providerId?: string;
}

export class UpdateApprenticeshipDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  cohortId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  tutorId?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assessorId?: string | null;

  @ApiPropertyOptional({ example: '1234567890' })
  @Optional()
  @Matches(/^[1-9][0-9]{9}$/, { message: 'uln must be a 10-digit Unique Learner Number' })
  uln?: string;

  @ApiPropertyOptional({ example: '2026-09-01' })
  @Optional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ example: '2028-09-01' })
  @Optional()
  @IsCalendarDate()
  plannedGatewayDate?: string;

  @ApiPropertyOptional({
    enum: APPRENTICESHIP_STATUSES,
    description: 'gateway is reached through POST /gateway, not set by hand',
  })
  @Optional()
  @IsIn(APPRENTICESHIP_STATUSES.filter((s) => s !== 'gateway'))
  status?: ApprenticeshipStatus;
}

export class ListApprenticeshipsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  tutorId?: string;

  @ApiPropertyOptional({ enum: APPRENTICESHIP_STATUSES })
  @Optional()
  @IsIn(APPRENTICESHIP_STATUSES)
  status?: ApprenticeshipStatus;

  @ApiPropertyOptional({
    description:
      "The apprentice's name or e-mail address, or a ULN: every word as the start of a word, ignoring case and accents",
    maxLength: 100,
  })
  @SearchText()
  q?: string;

  @ApiPropertyOptional({ example: '1234567890', description: 'Exactly this ULN' })
  @Optional()
  @Matches(/^\d{10}$/, { message: 'uln must be 10 digits' })
  uln?: string;
}
