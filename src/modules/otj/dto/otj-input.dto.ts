import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page.dto.js';
import { IsCalendarDate, Optional, Trim } from '../../../common/validators.js';
import { OTJ_DELIVERERS, OTJ_ENTRY_STATUSES } from '../../../common/vocabulary.js';
import type { OtjDeliverer, OtjEntryStatus } from '../../../common/vocabulary.js';
import { CLOCK_TIME, DURATION } from '../otj-rules.js';

export class CreateOtjEntryDto {
  @ApiProperty({ example: '2026-03-02', description: 'When it happened: not in the future' })
  @IsCalendarDate()
  activityDate: string;

  @ApiPropertyOptional({ example: '09:30', description: 'When it began (HH:MM)' })
  @Optional()
  @Matches(CLOCK_TIME, { message: 'startTime must be a time written HH:MM, e.g. 09:30' })
  startTime?: string;

  @ApiPropertyOptional({
    example: '1:30',
    description: 'How long (h:mm); or give endTime with startTime instead',
  })
  @Optional()
  @Matches(DURATION, { message: 'duration must be hours and minutes written h:mm, e.g. 1:30' })
  duration?: string;

  @ApiPropertyOptional({ example: '11:00', description: 'When it ended (HH:MM), with startTime' })
  @Optional()
  @Matches(CLOCK_TIME, { message: 'endTime must be a time written HH:MM, e.g. 11:00' })
  endTime?: string;

  @ApiProperty({ example: 'Workshop on feature stores with the data platform team' })
  @Trim()
  @IsString({ message: 'description is required' })
  @MinLength(1, { message: 'description is required: say what you learned or practised' })
  @MaxLength(5000)
  description: string;

  @ApiProperty({ example: 'theory', description: 'A category code of the rules year' })
  @IsString({ message: 'category is required' })
  @MinLength(1, { message: 'category is required' })
  @MaxLength(40)
  category: string;

  @ApiProperty({ enum: OTJ_DELIVERERS })
  @IsIn(OTJ_DELIVERERS, { message: `deliveredBy must be one of ${OTJ_DELIVERERS.join(', ')}` })
  deliveredBy: OtjDeliverer;

  @ApiPropertyOptional({ type: [String], example: ['K5', 'S3'] })
  @Optional()
  @IsArray({ message: 'criteria must be a list of codes such as K5' })
  @ArrayMaxSize(79)
  @IsString({ each: true, message: 'criteria must be codes such as K5' })
  @MaxLength(10, { each: true, message: 'criteria must be codes such as K5' })
  criteria?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Evidence of this apprenticeship' })
  @Optional()
  @IsUUID('all', { message: 'evidenceId must be the id of a piece of evidence' })
  evidenceId?: string | null;
}

/** A change: what is left out stays as it was; a start time sent as null is taken away. */
export class UpdateOtjEntryDto extends PartialType(OmitType(CreateOtjEntryDto, ['startTime'])) {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '09:30',
    description: 'When it began (HH:MM); null takes the start time away',
  })
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @Matches(CLOCK_TIME, { message: 'startTime must be a time written HH:MM, e.g. 09:30' })
  startTime?: string | null;
}

export class DecideOtjEntryDto {
  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'], { message: 'decision must be approved or rejected' })
  decision: 'approved' | 'rejected';

  @ApiPropertyOptional({ description: 'Required when rejecting' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class ReopenOtjEntryDto {
  @ApiProperty({ description: 'What was wrong (recorded)', minLength: 10 })
  @Trim()
  @IsString({ message: 'reason is required' })
  @MinLength(10, { message: 'reason must say what needs correcting (10+ characters)' })
  @MaxLength(5000)
  reason: string;
}

export class SetOtjPlanDto {
  @ApiProperty({ example: 400, description: 'Planned hours, after prior learning' })
  @IsInt({ message: 'plannedHours must be a whole number of hours' })
  @Min(1)
  @Max(10_000)
  plannedHours: number;

  @ApiPropertyOptional({ example: 0, default: 0, description: 'Recognised prior learning' })
  @Optional()
  @IsInt({ message: 'rplHours must be a whole number of hours' })
  @Min(0)
  @Max(10_000)
  rplHours?: number;

  @ApiPropertyOptional({
    description: 'Required to change a plan already set: the error corrected',
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class ImportOtjEntriesDto {
  @ApiProperty({ type: [CreateOtjEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreateOtjEntryDto)
  entries: CreateOtjEntryDto[];

  @ApiPropertyOptional({
    description:
      'Needed when any entry is older than the late limit (30 days): a back-dated import',
  })
  @Optional()
  @IsBoolean({ message: 'backdated must be true or false' })
  backdated?: boolean;

  @ApiPropertyOptional({ description: 'Why a back-dated import is right (recorded)' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class ListOtjEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OTJ_ENTRY_STATUSES })
  @Optional()
  @IsIn(OTJ_ENTRY_STATUSES)
  status?: OtjEntryStatus;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class OtjQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  apprenticeshipId?: string;
}

export class LearnerRecordQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
