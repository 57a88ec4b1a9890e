import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../../common/dto/page.dto.js';
import { OTJ_DELIVERERS, OTJ_ENTRY_STATUSES } from '../../../common/vocabulary.js';
import type { OtjDeliverer, OtjEntryStatus } from '../../../common/vocabulary.js';
import { PersonRefDto } from '../../apprenticeships/dto/apprenticeship.dto.js';

export class OtjWarningDto {
  @ApiProperty({
    example: 'entered_late',
    description: 'ineligible_category, overlap, over_day_limit or entered_late',
  })
  code: string;
  @ApiProperty() message: string;
}

export class OtjCategoryDto {
  @ApiProperty({ example: 'theory' }) code: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Whether its hours count' }) eligible: boolean;
}

export class OtjEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ example: '2026-03-02' }) activityDate: string;
  @ApiProperty({ type: String, nullable: true, example: '09:30' }) startTime: string | null;
  @ApiProperty({ example: '1:30' }) duration: string;
  @ApiProperty({ example: 1.5 }) hours: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: OtjCategoryDto }) category: OtjCategoryDto;
  @ApiProperty({ enum: OTJ_DELIVERERS }) deliveredBy: OtjDeliverer;
  @ApiProperty({ type: [String] }) criteria: string[];
  @ApiProperty({ type: String, nullable: true, example: 'E4' }) evidence: {
    id: string;
    reference: string;
  } | null;
  @ApiProperty({ enum: OTJ_ENTRY_STATUSES }) status: OtjEntryStatus;
  @ApiProperty({ type: PersonRefDto }) author: PersonRefDto;
  @ApiProperty({ description: 'Entered by provider staff for the apprentice' }) onBehalf: boolean;
  @ApiProperty({ description: 'Part of a back-dated import' }) imported: boolean;
  @ApiProperty({ type: [OtjWarningDto] }) warnings: OtjWarningDto[];
  @ApiProperty({ type: PersonRefDto, nullable: true }) decidedBy: PersonRefDto | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
  @ApiProperty() createdAt: Date;
}

export class OtjEntryPageDto extends PageOf(OtjEntryDto) {}

export class OtjQueueItemDto extends OtjEntryDto {
  @ApiProperty({ type: PersonRefDto }) apprentice: PersonRefDto;
}

export class OtjQueuePageDto extends PageOf(OtjQueueItemDto) {}

export class OtjProgressDto {
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ example: '2025/26' }) ruleYear: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'HRS1: null until the provider sets it',
  })
  plannedHours: number | null;
  @ApiProperty({ description: 'HRS4: recognised prior learning' }) rplHours: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The standard version's published minimum; null until supplied as data",
  })
  publishedMinimumHours: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Published minimum − prior learning, never below the floor; null when unknown',
  })
  minimumHours: number | null;
  @ApiProperty({ example: 187 }) floorHours: number;
  @ApiProperty({ description: 'HRS3: approved entries in categories that count' })
  approvedHours: number;
  @ApiProperty() pendingHours: number;
  @ApiProperty({ description: 'Logged in categories that do not count (not rejected)' })
  ineligibleHours: number;
  @ApiProperty({ description: 'Share of start → planned gateway elapsed, 0 to 1' })
  elapsedShare: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Planned × elapsed share; null without a plan',
  })
  expectedHours: number | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'In training and approved < expected; null without a plan',
  })
  behindTarget: boolean | null;
}

export class OtjRulesDto {
  @ApiProperty({ example: '2025/26' }) ruleYear: string;
  @ApiProperty({ example: 187 }) floorHours: number;
  @ApiProperty({ example: 12 }) maxHoursPerDay: number;
  @ApiProperty({ example: 30 }) lateAfterDays: number;
  @ApiProperty({ type: [OtjCategoryDto] }) categories: OtjCategoryDto[];
}

export class OtjSummaryDto {
  @ApiProperty({ type: OtjProgressDto }) progress: OtjProgressDto;
  @ApiProperty({ type: OtjRulesDto }) rules: OtjRulesDto;
}

export class LearnerRecordRowDto {
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty() apprentice: string;
  @ApiProperty({ example: '1234567890' }) uln: string;
  @ApiProperty({ type: Number, nullable: true, description: 'HRS1 planned hours' })
  plannedHours: number | null;
  @ApiProperty({ description: 'HRS3 actual hours: approved, whole hours (rounded)' })
  actualHours: number;
  @ApiProperty({ description: 'HRS4 reduction for recognised prior learning' }) rplHours: number;
}

export class GatewayOtjDto {
  @ApiProperty({ description: 'Approved hours in categories that count (frozen at gateway)' })
  approvedHours: number;
  @ApiProperty({ description: 'Still waiting for a decision' }) pendingHours: number;
  @ApiProperty({ type: Number, nullable: true }) minimumHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) plannedHours: number | null;
  @ApiProperty({ description: 'What approved hours must reach' }) targetHours: number;
  @ApiProperty({
    enum: ['minimum', 'planned', 'floor'],
    description: 'The minimum when known, else the planned hours, else the floor (187)',
  })
  basis: 'minimum' | 'planned' | 'floor';
  @ApiProperty() met: boolean;
}
