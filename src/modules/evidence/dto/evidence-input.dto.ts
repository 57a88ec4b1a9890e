import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/dto/page.dto.js';
import {
  IsCalendarDate,
  IsSafeLink,
  Optional,
  SearchText,
  Trim,
} from '../../../common/validators.js';
import { CRITERION_CODE, EVIDENCE_KINDS, EVIDENCE_STATUSES } from '../../../common/vocabulary.js';
import type { EvidenceKind, EvidenceStatus } from '../../../common/vocabulary.js';

/** Multipart forms send `links` as one string, a repeated field, or a JSON array; JSON sends an array. */
const toLinkList = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (value.trim().startsWith('[')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value === '' ? [] : [value];
};

export class CreateEvidenceDto {
  @ApiProperty({ example: 'Churn model: feature pipeline and evaluation report', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ description: 'What was done and what it shows', maxLength: 20000 })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @ApiProperty({
    example: '2026-03-14',
    description: 'Not in the future, not before the apprenticeship started',
  })
  @IsCalendarDate()
  activityDate: string;

  @ApiPropertyOptional({ type: [String], example: ['https://github.com/acme/churn-model/pull/42'] })
  @Optional()
  @Transform(toLinkList)
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { each: true, message: 'each link must be an http or https URL' },
  )
  @IsSafeLink({ each: true })
  @MaxLength(2000, { each: true })
  links?: string[];
}

export class UpdateEvidenceDto extends PartialType(CreateEvidenceDto) {}

/** Filters every evidence list shares: one apprenticeship's, and the review queue. */
export class ListEvidenceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'K5', description: 'Only evidence tagged with this criterion' })
  @Optional()
  @Matches(CRITERION_CODE, { message: 'criterion must be a code such as K5' })
  criterion?: string;

  @ApiPropertyOptional({ enum: EVIDENCE_STATUSES })
  @Optional()
  @IsIn(EVIDENCE_STATUSES)
  status?: EvidenceStatus;

  @ApiPropertyOptional({ enum: EVIDENCE_KINDS })
  @Optional()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;

  @ApiPropertyOptional({
    description:
      'Title or description, or a reference such as E12: every word as the start of a word, ignoring case and accents',
    maxLength: 100,
  })
  @SearchText()
  q?: string;
}

export class TagClaimDto {
  @ApiProperty({ example: 'K5', pattern: CRITERION_CODE.source, maxLength: 10 })
  // The pattern and the standard are checked together by the service, so a request with "Q7"
  // and "K99" hears about both at once.
  @IsString({ message: 'code must be a criterion code such as K5' })
  @MaxLength(10, { message: 'code must be a criterion code such as K5' })
  code: string;

  @ApiProperty({
    example: 'The report compares supervised and ensemble methods for churn.',
    minLength: 1,
    maxLength: 5000,
  })
  @Trim()
  @IsString({ message: 'justification is required' })
  @MinLength(1, { message: 'justification is required: say how this evidence shows the criterion' })
  @MaxLength(5000)
  justification: string;
}

/** Multipart forms send JSON as text; JSON bodies send the value itself. */
const fromFormJson = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** Claims from a JSON body or a multipart field, as TagClaimDto instances to validate. */
const toClaims = ({ value }: { value: unknown }): unknown => {
  const parsed = fromFormJson({ value });
  return Array.isArray(parsed)
    ? parsed.map((claim: unknown) =>
        typeof claim === 'object' && claim !== null ? plainToInstance(TagClaimDto, claim) : claim,
      )
    : parsed;
};

/**
 * POST /apprenticeships/:id/evidence: the evidence, and optionally its claims and a submit, so a
 * phone upload is one request. Everything commits together or nothing does (files included).
 */
export class CreateEvidenceFormDto extends CreateEvidenceDto {
  @ApiPropertyOptional({
    type: () => [TagClaimDto],
    description: 'Claims, as PUT /evidence/:id/tags takes them (a JSON text in multipart forms)',
  })
  @Optional()
  @Transform(toClaims)
  @IsArray({ message: 'tags must be an array of { code, justification }' })
  @ArrayMaxSize(79 * 2)
  @ValidateNested({ each: true })
  tags?: TagClaimDto[];

  @ApiPropertyOptional({ description: 'Submit it for review at once (needs tags)' })
  @Optional()
  @Transform(fromFormJson)
  @IsBoolean({ message: 'submit must be true or false' })
  submit?: boolean;
}

/** PUT /evidence/:id/tags takes a bare array; the pipe wraps it as `{ tags }` to validate it. */
export class PutTagsDto {
  @IsArray()
  @ArrayMaxSize(79 * 2)
  @ValidateNested({ each: true })
  @Type(() => TagClaimDto)
  tags: TagClaimDto[];
}

export class TagDecisionDto {
  @ApiProperty({ example: 'K5' })
  @Matches(CRITERION_CODE, { message: 'code must be a criterion code such as K5' })
  code: string;

  @ApiProperty({ enum: ['accepted', 'rejected'] })
  @IsIn(['accepted', 'rejected'])
  decision: 'accepted' | 'rejected';

  @ApiPropertyOptional({ description: 'Required when rejecting' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  reason?: string;
}

export class ReviewEvidenceDto {
  @ApiProperty({ type: [TagDecisionDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDecisionDto)
  decisions: TagDecisionDto[];

  @ApiProperty({ enum: ['accepted', 'changes_requested'] })
  @IsIn(['accepted', 'changes_requested'])
  outcome: 'accepted' | 'changes_requested';

  @ApiPropertyOptional({ description: 'Added to the comment thread' })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  comment?: string;
}

export class CreateCommentDto {
  @ApiProperty({ example: 'Could you add the evaluation notebook?' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body: string;
}

/** The review queue: evidence across everything the caller may see. */
export class EvidenceQueueQueryDto extends ListEvidenceQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The apprenticeship's tutor" })
  @Optional()
  @IsUUID()
  tutorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  apprenticeshipId?: string;
}
