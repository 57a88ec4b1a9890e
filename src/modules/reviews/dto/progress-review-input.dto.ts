import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, Optional, Trim } from '../../../common/validators.js';
import { REVIEW_ACTION_STATUSES, REVIEW_PARTIES } from '../../../common/vocabulary.js';
import type { ReviewActionStatus, ReviewParty } from '../../../common/vocabulary.js';

const LONG_TEXT = 10_000;

export class NewActionDto {
  @ApiProperty({ example: 'Write up the model-monitoring design as evidence', maxLength: 2000 })
  @Trim()
  @IsString()
  @MinLength(1, { message: 'description must say what is to be done' })
  @MaxLength(2000)
  description: string;

  @ApiProperty({ enum: REVIEW_PARTIES, description: 'Who does it' })
  @IsIn(REVIEW_PARTIES)
  owner: ReviewParty;

  @ApiProperty({ example: '2026-03-31', description: 'On or after the meeting' })
  @IsCalendarDate()
  dueDate: string;
}

export class ActionStatusDto {
  @ApiProperty({ format: 'uuid', description: "An action of the previous review's" })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: REVIEW_ACTION_STATUSES })
  @IsIn(REVIEW_ACTION_STATUSES)
  status: ReviewActionStatus;
}

/** The parts of the record the provider writes; the changes since the last review are pre-filled. */
export class CreateProgressReviewDto {
  @ApiProperty({
    example: '2026-03-02',
    description: "Not in the future, not before the start, after the previous review's meeting",
  })
  @IsCalendarDate()
  meetingDate: string;

  @ApiPropertyOptional({ description: 'Progress against the training plan', maxLength: LONG_TEXT })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(LONG_TEXT)
  trainingPlanProgress?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(LONG_TEXT)
  concerns?: string;

  @ApiPropertyOptional({ description: 'Support needs and wellbeing', maxLength: LONG_TEXT })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(LONG_TEXT)
  supportAndWellbeing?: string;

  @ApiPropertyOptional({ description: 'Readiness for end-point assessment', maxLength: LONG_TEXT })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(LONG_TEXT)
  epaReadiness?: string;

  @ApiPropertyOptional({
    type: [ActionStatusDto],
    description: "Where each of the previous review's actions stands",
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionStatusDto)
  previousActions?: ActionStatusDto[];

  @ApiPropertyOptional({ type: [NewActionDto], description: 'Actions agreed at this meeting' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NewActionDto)
  actions?: NewActionDto[];

  @ApiPropertyOptional({
    example: '2026-06-30',
    description:
      'Default: the last day of the third calendar month after the meeting. Earlier is fine; ' +
      'later needs nextReviewLaterReason.',
  })
  @Optional()
  @IsCalendarDate()
  nextReviewDate?: string;

  @ApiPropertyOptional({ description: 'Why the next review is later than the rule allows' })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @Trim()
  @IsString()
  @MinLength(10, { message: 'nextReviewLaterReason must explain the delay (10+ characters)' })
  @MaxLength(2000)
  nextReviewLaterReason?: string | null;
}

export class UpdateProgressReviewDto extends PartialType(CreateProgressReviewDto) {}
