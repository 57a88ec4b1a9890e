import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { CriterionKind } from '../../../common/vocabulary.js';

export class GetStandardQueryDto {
  @ApiPropertyOptional({ example: '1.0', description: 'Defaults to the latest version' })
  @IsOptional()
  @Matches(/^[0-9]{1,3}\.[0-9]{1,3}$/, { message: 'version must look like 1.0' })
  version?: string;

  @ApiPropertyOptional({ enum: CRITERION_KINDS, description: 'Only criteria of this kind' })
  @IsOptional()
  @IsIn(CRITERION_KINDS)
  kind?: CriterionKind;
}
