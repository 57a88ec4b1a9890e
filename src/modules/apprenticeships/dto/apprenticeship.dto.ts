import { ApiProperty } from '@nestjs/swagger';
import { APPRENTICESHIP_STATUSES } from '../../../common/vocabulary.js';
import type { ApprenticeshipStatus } from '../../../common/vocabulary.js';
import { PageOf } from '../../../common/dto/page.dto.js';

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class StandardRefDto {
  @ApiProperty({ example: 'ST1398' }) code: string;
  @ApiProperty({ example: '1.0' }) version: string;
  @ApiProperty() title: string;
}

export class ApprenticeshipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PersonRefDto }) apprentice: PersonRefDto;
  @ApiProperty({ type: StandardRefDto }) standard: StandardRefDto;
  @ApiProperty({ type: PersonRefDto }) provider: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) employer: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) cohort: PersonRefDto | null;
  @ApiProperty({ type: PersonRefDto }) tutor: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) assessor: PersonRefDto | null;
  @ApiProperty({ example: '1234567890' }) uln: string;
  @ApiProperty({ example: '2026-09-01' }) startDate: string;
  @ApiProperty({ example: '2028-09-01' }) plannedGatewayDate: string;
  @ApiProperty({ enum: APPRENTICESHIP_STATUSES }) status: ApprenticeshipStatus;
  @ApiProperty() createdAt: Date;
}

export class ApprenticeshipPageDto extends PageOf(ApprenticeshipDto) {}
