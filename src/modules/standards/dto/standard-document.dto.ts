import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../../common/validators.js';
import { CRITERION_CODE, CRITERION_KINDS, STANDARD_STATUSES } from '../../../common/vocabulary.js';
import type { CriterionKind, StandardStatus } from '../../../common/vocabulary.js';

export class CriterionDocumentDto {
  @ApiProperty({ enum: CRITERION_KINDS })
  @IsIn(CRITERION_KINDS)
  kind: CriterionKind;

  @ApiProperty({ example: 'K1', description: 'K, S, B or D followed by a number' })
  @Matches(CRITERION_CODE, { message: 'code must be K, S, B or D followed by a number, e.g. K12' })
  code: string;

  @ApiProperty({ description: 'Full text, verbatim from the published standard' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text: string;
}

export class DutyLinkDocumentDto {
  @ApiProperty({ example: 'D1' })
  @Matches(/^D[1-9][0-9]{0,2}$/, { message: 'duty must be a duty code such as D1' })
  duty: string;

  @ApiProperty({ example: ['K1', 'S2'], type: [String] })
  @IsArray()
  @Matches(CRITERION_CODE, { each: true, message: 'each KSB must be a code such as K1' })
  ksbs: string[];
}

export class AssessmentMethodDocumentDto {
  @ApiProperty({ example: 'project' })
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'code must be lower-case letters, digits or -' })
  code: string;

  @ApiProperty({ example: 'Project with report, presentation and questioning' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: ['K1', 'S2'], type: [String] })
  @IsArray()
  @Matches(CRITERION_CODE, { each: true, message: 'each KSB must be a code such as K1' })
  ksbs: string[];
}

/** A standard version as data: the built-in catalogue files and POST /api/standards use this. */
export class StandardDocumentDto {
  @ApiProperty({ example: 'ST1398' })
  @Matches(/^ST[0-9]{4}$/, { message: 'code must look like ST1398' })
  code: string;

  @ApiProperty({ example: '1.0' })
  @Matches(/^[0-9]{1,3}\.[0-9]{1,3}$/, { message: 'version must look like 1.0' })
  version: string;

  @ApiProperty({ example: 'Machine Learning Engineer' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ minimum: 2, maximum: 7 })
  @IsInt()
  @Min(2)
  @Max(7)
  level: number;

  @ApiProperty({ enum: STANDARD_STATUSES })
  @IsIn(STANDARD_STATUSES)
  status: StandardStatus;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    default: 1,
    description: 'Accepted tags a criterion needs to count as evidenced',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10)
  evidenceThreshold?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10000,
    description:
      'The published minimum off-the-job hours (`minimumHoursForCompliance`); leave it out when unknown',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  minimumOtjHours?: number;

  @ApiPropertyOptional({ description: 'Occupation summary, shown on the portfolio cover' })
  @Optional()
  @IsString()
  @MaxLength(10_000)
  summary?: string;

  @ApiProperty({ type: [CriterionDocumentDto], description: 'In published order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CriterionDocumentDto)
  criteria: CriterionDocumentDto[];

  @ApiPropertyOptional({ type: [DutyLinkDocumentDto], default: [] })
  @Optional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DutyLinkDocumentDto)
  dutyLinks?: DutyLinkDocumentDto[];

  @ApiPropertyOptional({ type: [AssessmentMethodDocumentDto], default: [] })
  @Optional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AssessmentMethodDocumentDto)
  assessmentMethods?: AssessmentMethodDocumentDto[];
}
