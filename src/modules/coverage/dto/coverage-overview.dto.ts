import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto, PageOf } from '../../../common/dto/page.dto.js';
import { PersonRefDto } from '../../apprenticeships/dto/apprenticeship.dto.js';
import { OtjProgressDto } from '../../otj/dto/otj.dto.js';
import { APPRENTICESHIP_STATUSES } from '../../../common/vocabulary.js';
import type { ApprenticeshipStatus } from '../../../common/vocabulary.js';

export class CoverageOverviewQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one provider only' })
  @IsOptional()
  @IsUUID()
  providerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  tutorId?: string;

  @ApiPropertyOptional({ enum: APPRENTICESHIP_STATUSES })
  @IsOptional()
  @IsIn(APPRENTICESHIP_STATUSES)
  status?: ApprenticeshipStatus;
}

export class CoverageOverviewItemDto {
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty({ type: PersonRefDto }) apprentice: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) provider: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) cohort: PersonRefDto | null;
  @ApiProperty({ type: PersonRefDto }) tutor: PersonRefDto;
  @ApiProperty({ enum: APPRENTICESHIP_STATUSES }) status: ApprenticeshipStatus;
  @ApiProperty({ example: '2025-09-01' }) startDate: string;
  @ApiProperty({ example: '2027-03-01' }) plannedGatewayDate: string;
  @ApiProperty({ example: 41.8, description: 'Of every criterion (K, S, B and D)' })
  percentEvidenced: number;
  @ApiProperty({ description: 'Criteria not yet evidenced' }) gaps: number;
  @ApiProperty({ description: 'Days from today to the planned gateway; negative when overdue' })
  daysToGateway: number;
  @ApiProperty({
    example: 0.5,
    description: 'Share of start → planned gateway already elapsed, 0 to 1, 3 decimals',
  })
  elapsedShare: number;
  @ApiProperty({
    example: 8.2,
    description: 'Percentage points by which evidence trails time (elapsed % − evidenced %)',
  })
  shortfall: number;
  @ApiProperty({
    description: 'In training, and the share evidenced is behind the share of time elapsed',
  })
  atRisk: boolean;
  @ApiProperty({ description: 'Evidence submitted and waiting for a review' })
  awaitingReview: number;
  @ApiProperty({
    type: OtjProgressDto,
    description: 'Off-the-job hours: planned, approved, expected',
  })
  otj: OtjProgressDto;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-02-28',
    description:
      'When the next progress review is due (in training only): the date agreed at the last ' +
      'review, else the last day of the third calendar month after the start',
  })
  nextReviewDue: string | null;
  @ApiProperty({ description: 'The next progress review is past its due date' })
  reviewOverdue: boolean;
}

export class CoverageOverviewPageDto extends PageOf(CoverageOverviewItemDto) {}
