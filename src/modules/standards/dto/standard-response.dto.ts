import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CRITERION_KINDS, STANDARD_STATUSES } from '../../../common/vocabulary.js';
import type { CriterionKind, StandardStatus } from '../../../common/vocabulary.js';

export class CriterionDto {
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
  @ApiProperty({ example: 'K1' }) code: string;
  @ApiProperty() text: string;
}

export class DutyLinkDto {
  @ApiProperty({ example: 'D1' }) duty: string;
  @ApiProperty({ type: [String], example: ['K1', 'S2'] }) ksbs: string[];
}

export class AssessmentMethodDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) ksbs: string[];
}

export class CriterionCountsDto {
  @ApiProperty() knowledge: number;
  @ApiProperty() skill: number;
  @ApiProperty() behaviour: number;
  @ApiProperty() duty: number;
  @ApiProperty() total: number;
}

export class StandardSummaryDto {
  @ApiProperty({ example: 'ST1398' }) code: string;
  @ApiProperty({ example: '1.0', description: 'Latest version' }) version: string;
  @ApiProperty({ type: [String], example: ['1.0'] }) versions: string[];
  @ApiProperty() title: string;
  @ApiProperty() level: number;
  @ApiProperty({ enum: STANDARD_STATUSES }) status: StandardStatus;
}

export class StandardDto extends StandardSummaryDto {
  @ApiProperty() evidenceThreshold: number;
  @ApiPropertyOptional({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Published minimum off-the-job hours; null until supplied as data',
  })
  minimumOtjHours: number | null;
  @ApiProperty({ type: CriterionCountsDto, description: 'Counts of the whole version, unfiltered' })
  counts: CriterionCountsDto;
  @ApiProperty({ type: [CriterionDto] }) criteria: CriterionDto[];
  @ApiProperty({ type: [DutyLinkDto] }) dutyLinks: DutyLinkDto[];
  @ApiProperty({ type: [AssessmentMethodDto] }) assessmentMethods: AssessmentMethodDto[];
}

export class ImportResultDto {
  @ApiProperty() code: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'] })
  outcome: 'created' | 'updated' | 'unchanged';
}
