import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto, PageOf } from '../../../common/dto/page.dto.js';
import { Trim, Optional } from '../../../common/validators.js';
import { OrganisationEntity } from '../organisation.entity.js';
import { ORGANISATION_KINDS } from '../../../common/vocabulary.js';
import type { OrganisationKind } from '../../../common/vocabulary.js';

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({ example: 'Northern Data Academy' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '10012345', description: 'Providers only: 8-digit UKPRN' })
  @Optional()
  @Matches(/^1\d{7}$/, {
    message: 'ukprn must be an 8-digit UK Provider Reference Number (1xxxxxxx)',
  })
  ukprn?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Employers only: their provider. Provider users may omit it (their own is used).',
  })
  @Optional()
  @IsUUID()
  providerId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    nullable: true,
    type: Number,
    description:
      'Providers only: accepted tags needed per criterion when higher than the standard asks; null clears it',
  })
  @Optional()
  @ValidateIf((_o: object, v: unknown) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10)
  evidenceThreshold?: number | null;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ example: 'Northern Data Academy' })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '10012345', description: 'Providers only' })
  @Optional()
  @Matches(/^1\d{7}$/, {
    message: 'ukprn must be an 8-digit UK Provider Reference Number (1xxxxxxx)',
  })
  ukprn?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    nullable: true,
    type: Number,
    description:
      'Providers only: accepted tags needed per criterion when higher than the standard asks; null clears it',
  })
  @Optional()
  @ValidateIf((_o: object, v: unknown) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10)
  evidenceThreshold?: number | null;
}

export class ListOrganisationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @Optional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) ukprn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerId: string | null;
  @ApiProperty({ nullable: true, type: Number }) evidenceThreshold: number | null;
  @ApiProperty() createdAt: Date;
}

export class OrganisationPageDto extends PageOf(OrganisationDto) {}

export const toOrganisationDto = (o: OrganisationEntity): OrganisationDto => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  ukprn: o.ukprn,
  providerId: o.providerId,
  evidenceThreshold: o.evidenceThreshold,
  createdAt: o.createdAt,
});
