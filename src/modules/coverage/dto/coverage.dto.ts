import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COVERAGE_STATUSES, CRITERION_KINDS, TAG_STATUSES } from '../../../common/vocabulary.js';
import type { CoverageStatus, CriterionKind, TagStatus } from '../../../common/vocabulary.js';

export class CoverageStandardDto {
  @ApiProperty({ example: 'ST1398' }) code: string;
  @ApiProperty({ example: '1.0' }) version: string;
  @ApiProperty({ description: 'N: accepted tags a criterion needs to count as evidenced' })
  evidenceThreshold: number;
}

export class CoverageTotalsDto {
  @ApiProperty() total: number;
  @ApiProperty() evidenced: number;
  @ApiProperty() claimed: number;
  @ApiProperty() missing: number;
  @ApiProperty({ example: 37.5, description: 'Evidenced as a percent of total, one decimal' })
  percent: number;
}

export class KindTotalsDto {
  @ApiProperty({ type: CoverageTotalsDto }) knowledge: CoverageTotalsDto;
  @ApiProperty({ type: CoverageTotalsDto }) skill: CoverageTotalsDto;
  @ApiProperty({ type: CoverageTotalsDto }) behaviour: CoverageTotalsDto;
  @ApiProperty({ type: CoverageTotalsDto }) duty: CoverageTotalsDto;
}

export class OverallCoverageDto {
  @ApiProperty({ type: CoverageTotalsDto, description: 'Every criterion: K, S, B and D' })
  all: CoverageTotalsDto;
  @ApiProperty({ type: CoverageTotalsDto, description: 'Knowledge, skills and behaviours only' })
  ksb: CoverageTotalsDto;
}

export class CriterionEvidenceDto {
  @ApiProperty({ example: 'E3' }) reference: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TAG_STATUSES, description: 'The state of this tag (rejected ones too)' })
  tagStatus: TagStatus;
}

export class LinkedKsbsDto {
  @ApiProperty({ description: 'KSBs the standard links to this duty' }) total: number;
  @ApiProperty({ description: 'Of those, how many are evidenced' }) evidenced: number;
}

export class CriterionCoverageDto {
  @ApiProperty({ example: 'K5' }) code: string;
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
  @ApiProperty() text: string;
  @ApiProperty({ enum: COVERAGE_STATUSES }) status: CoverageStatus;
  @ApiProperty({ description: 'Accepted tags' }) acceptedCount: number;
  @ApiProperty({ description: 'Tags awaiting a decision (rejected tags count nowhere)' })
  claimedCount: number;
  @ApiProperty({ type: [CriterionEvidenceDto], description: 'Every tag on it, by reference' })
  evidence: CriterionEvidenceDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the Nth accepted tag was decided; null until evidenced',
  })
  firstEvidencedAt: string | null;
  @ApiPropertyOptional({ type: LinkedKsbsDto, description: 'Only on duties the standard links' })
  linkedKsbs?: LinkedKsbsDto;
}

export class GapDto {
  @ApiProperty({ example: 'K5' }) code: string;
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
  @ApiProperty({ enum: ['claimed', 'missing'] }) status: Exclude<CoverageStatus, 'evidenced'>;
}

export class ApprenticeshipCoverageDto {
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ type: CoverageStandardDto }) standard: CoverageStandardDto;
  @ApiProperty({ type: KindTotalsDto }) totals: KindTotalsDto;
  @ApiProperty({ type: OverallCoverageDto }) overall: OverallCoverageDto;
  @ApiProperty({ type: [CriterionCoverageDto], description: 'In published order' })
  criteria: CriterionCoverageDto[];
  @ApiProperty({ type: [GapDto], description: 'Every criterion not yet evidenced, in order' })
  gaps: GapDto[];
}
