import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PersonRefDto } from '../../apprenticeships/dto/apprenticeship.dto.js';
import { CoverageStandardDto } from './coverage.dto.js';
import { COVERAGE_STATUSES, CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { CoverageStatus, CriterionKind } from '../../../common/vocabulary.js';

export const COHORT_COVERAGE_FORMATS = ['json', 'csv'] as const;

export class CohortCoverageQueryDto {
  @ApiPropertyOptional({ enum: COHORT_COVERAGE_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(COHORT_COVERAGE_FORMATS)
  format: (typeof COHORT_COVERAGE_FORMATS)[number] = 'json';
}

export class CoverageColumnDto {
  @ApiProperty({ example: 'K1' }) code: string;
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
}

export class CohortCoverageRowDto {
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ type: PersonRefDto }) apprentice: PersonRefDto;
  @ApiProperty({ example: '1234567890' }) uln: string;
  @ApiProperty({ example: 37.5, description: 'Of every criterion (K, S, B and D)' })
  percentEvidenced: number;
  @ApiProperty({
    enum: COVERAGE_STATUSES,
    isArray: true,
    description: 'One status per column of `criteria`, in the same order',
  })
  statuses: CoverageStatus[];
}

export class MostMissingDto {
  @ApiProperty({ example: 'K12' }) code: string;
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
  @ApiProperty({ description: 'Apprentices for whom it is missing' }) missing: number;
  @ApiProperty({ example: 0.75, description: 'missing ÷ apprentices in the cohort, 3 decimals' })
  share: number;
}

export class CohortCoverageDto {
  @ApiProperty({ type: PersonRefDto }) cohort: PersonRefDto;
  @ApiProperty({ type: CoverageStandardDto }) standard: CoverageStandardDto;
  @ApiProperty({ type: [CoverageColumnDto], description: 'The matrix columns, published order' })
  criteria: CoverageColumnDto[];
  @ApiProperty({ type: [CohortCoverageRowDto], description: 'The matrix rows, by apprentice name' })
  apprentices: CohortCoverageRowDto[];
  @ApiProperty({
    type: [MostMissingDto],
    description: 'Criteria missing for anyone, most often missing first',
  })
  mostMissing: MostMissingDto[];
}
