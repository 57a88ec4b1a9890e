import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Trim, Optional } from '../../../common/validators.js';
import { DECLARATION_ROLES } from '../../../common/vocabulary.js';
import type { DeclarationRole } from '../../../common/vocabulary.js';
import { PageOf } from '../../../common/dto/page.dto.js';
import { GatewayOtjDto } from '../../otj/dto/otj.dto.js';

export class FreezeGatewayDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Accepted evidence to include; default: all accepted evidence',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  evidenceIds?: string[];

  @ApiPropertyOptional({
    description: 'Why gateway goes ahead although required criteria are not evidenced (recorded)',
    minLength: 10,
    maxLength: 5000,
  })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(10, { message: 'overrideReason must explain the decision (10+ characters)' })
  @MaxLength(5000)
  overrideReason?: string;
}

export class DeclarationStateDto {
  @ApiProperty({ enum: DECLARATION_ROLES }) role: DeclarationRole;
  @ApiProperty({ description: 'The statement signed, or to be signed' }) statement: string;
  @ApiProperty() signed: boolean;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
}

export class SnapshotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() frozenBy: string;
  @ApiProperty({ description: 'SHA-256 of the frozen content, printed on the PDF cover' })
  contentSha256: string;
  @ApiProperty({ description: 'SHA-256 of the stored PDF bytes' }) pdfSha256: string;
  @ApiProperty() pdfSize: number;
  @ApiProperty({ type: [String], example: ['E1', 'E4'] }) evidence: string[];
  @ApiProperty({ nullable: true, type: String }) overrideReason: string | null;
}

export class GatewayStateDto {
  @ApiProperty({ example: 'in_training' }) status: string;
  @ApiProperty({ type: [DeclarationStateDto] }) declarations: DeclarationStateDto[];
  @ApiProperty({
    type: [String],
    description:
      'Criteria the portfolio must evidence: every K, S and B, or the KSBs of the EPA methods',
  })
  required: string[];
  @ApiProperty({
    type: [String],
    description:
      'Required criteria not evidenced by accepted evidence. Only accepted evidence is frozen, so a ' +
      'tag accepted on evidence sent back for changes counts in coverage but not here.',
  })
  missing: string[];
  @ApiProperty({
    type: GatewayOtjDto,
    description: 'Off-the-job hours: below the target, freezing needs the override reason',
  })
  otj: GatewayOtjDto;
  @ApiProperty({ type: [SnapshotDto] }) snapshots: SnapshotDto[];
}

export class SnapshotPageDto extends PageOf(SnapshotDto) {}
