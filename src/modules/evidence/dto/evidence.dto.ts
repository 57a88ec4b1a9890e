import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CRITERION_KINDS,
  EVIDENCE_KINDS,
  EVIDENCE_STATUSES,
  TAG_STATUSES,
} from '../../../common/vocabulary.js';
import type {
  CriterionKind,
  EvidenceKind,
  EvidenceStatus,
  TagStatus,
} from '../../../common/vocabulary.js';
import { PageOf } from '../../../common/dto/page.dto.js';

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class EvidenceFileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The name it was uploaded with' }) name: string;
  @ApiProperty({ example: 'application/pdf', description: 'Sniffed from the content' })
  mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'Hex SHA-256 of the content' }) sha256: string;
  @ApiProperty() createdAt: Date;
}

export class TagDto {
  @ApiProperty({ example: 'K5' }) code: string;
  @ApiProperty({ enum: CRITERION_KINDS }) kind: CriterionKind;
  @ApiProperty() justification: string;
  @ApiProperty({ enum: TAG_STATUSES }) status: TagStatus;
  @ApiProperty({ type: PersonDto, nullable: true }) decidedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class FieldChangeDto {
  @ApiProperty({ enum: ['title', 'description', 'kind', 'activityDate', 'links'] }) field: string;
  @ApiProperty({ description: 'As reviewed' }) before: unknown;
  @ApiProperty({ description: 'Now' }) after: unknown;
}

export class TagChangeDto {
  @ApiProperty({ example: 'K5' }) code: string;
  @ApiProperty({ enum: ['added', 'removed', 'justification'] }) change: string;
  @ApiProperty({ nullable: true }) before: string | null;
  @ApiProperty({ nullable: true }) after: string | null;
}

export class ChangesSinceReviewDto {
  @ApiProperty() reviewedAt: Date;
  @ApiProperty({ type: PersonDto, nullable: true }) reviewedBy: PersonDto | null;
  @ApiProperty({ type: [FieldChangeDto] }) fields: FieldChangeDto[];
  @ApiProperty({ type: [TagChangeDto] }) tags: TagChangeDto[];
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'E3' }) reference: string;
  @ApiProperty({ format: 'uuid' }) apprenticeshipId: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: EvidenceKind;
  @ApiProperty({ example: '2026-03-14' }) activityDate: string;
  @ApiProperty({ type: [String] }) links: string[];
  @ApiProperty({ enum: EVIDENCE_STATUSES }) status: EvidenceStatus;
  @ApiProperty({ description: 'In a gateway snapshot: can no longer change' }) frozen: boolean;
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [EvidenceFileDto] }) files: EvidenceFileDto[];
  @ApiProperty({ type: [TagDto] }) tags: TagDto[];
  @ApiPropertyOptional({
    type: ChangesSinceReviewDto,
    nullable: true,
    description:
      'On GET /evidence/:id once it has been reviewed: what changed since the last review',
  })
  changesSinceReview?: ChangesSinceReviewDto | null;
}

export class EvidencePageDto extends PageOf(EvidenceDto) {}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PersonDto }) author: PersonDto & { role: string };
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
}

export class CommentPageDto extends PageOf(CommentDto) {}

export class QueueApprenticeshipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PersonDto }) apprentice: PersonDto;
  @ApiProperty({ type: PersonDto, nullable: true }) cohort: PersonDto | null;
  @ApiProperty({ type: PersonDto }) tutor: PersonDto;
}

export class EvidenceQueueItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'E12' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: EvidenceKind;
  @ApiProperty({ enum: EVIDENCE_STATUSES }) status: EvidenceStatus;
  @ApiProperty({ type: QueueApprenticeshipDto }) apprenticeship: QueueApprenticeshipDto;
  @ApiProperty({ description: 'Criteria tagged' }) tagCount: number;
  @ApiProperty({ nullable: true }) submittedAt: Date | null;
  @ApiProperty({
    nullable: true,
    example: 26.5,
    description: 'Hours since it was submitted, while it waits for a review (1 decimal)',
  })
  waitingHours: number | null;
  @ApiProperty() updatedAt: Date;
}

export class EvidenceQueuePageDto extends PageOf(EvidenceQueueItemDto) {}
