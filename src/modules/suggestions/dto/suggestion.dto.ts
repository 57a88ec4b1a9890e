import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Optional, Trim } from '../../../common/validators.js';
import { CRITERION_KINDS } from '../../../common/vocabulary.js';
import type { CriterionKind } from '../../../common/vocabulary.js';

/** Evidence not saved yet: what the add-evidence form holds so far. */
export class DraftSuggestionsDto {
  @ApiProperty({ example: 'Drift monitoring for the churn model', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Links as typed (their text is read)' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  links?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: "Files already uploaded to this apprenticeship's evidence, whose words count too",
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];
}

export class SuggestionDto {
  @ApiProperty({ example: 'S24' })
  code: string;

  @ApiProperty({ enum: CRITERION_KINDS })
  kind: CriterionKind;

  @ApiProperty({ description: "The criterion's text, as the standard words it" })
  text: string;

  @ApiProperty({
    example: 1.84,
    description: 'Higher shows it better; comparable within one answer',
  })
  score: number;

  @ApiProperty({
    example:
      'Your evidence says “drift”, “monitoring”. “data drift” is the standard’s “model data drift”. ' +
      'Accepted for similar evidence 3 times at your provider.',
  })
  reason: string;

  @ApiProperty({
    type: [String],
    description:
      "Phrases of this evidence that matched: a start for the apprentice's justification",
  })
  matchedPhrases: string[];

  @ApiProperty({ type: [String], description: 'The standard’s phrases the vocabulary matched' })
  standardPhrases: string[];

  @ApiProperty({ description: 'Accepted criteria on similar evidence at the same provider' })
  acceptedForSimilar: number;

  @ApiProperty({ description: 'Accepted evidence of this apprenticeship already shows it' })
  evidenced: boolean;

  @ApiProperty({ description: 'This evidence already claims it' })
  claimed: boolean;
}

export class SuggestionsDto {
  @ApiProperty({ nullable: true, type: String, description: 'null for a draft' })
  evidenceId: string | null;

  @ApiProperty({
    type: [SuggestionDto],
    description: 'Best first; on equal scores criteria not yet evidenced come first',
  })
  suggestions: SuggestionDto[];
}
