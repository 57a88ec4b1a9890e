import { ApiProperty } from '@nestjs/swagger';
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
}

export class EvidencePageDto extends PageOf(EvidenceDto) {}

export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PersonDto }) author: PersonDto & { role: string };
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
}

export class CommentPageDto extends PageOf(CommentDto) {}
