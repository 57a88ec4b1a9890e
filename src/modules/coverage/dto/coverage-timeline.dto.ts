import { ApiProperty } from '@nestjs/swagger';

export class TimelinePointDto {
  @ApiProperty({ example: '2026-03', description: 'A calendar month (UTC)' }) month: string;
  @ApiProperty({
    example: '2026-03-31',
    description: 'The day its figures are taken: the month’s last, or today in the current month',
  })
  asOf: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 12,
    description:
      'Criteria evidenced by then (summed over the apprenticeships); null for months to come',
  })
  evidenced: number | null;
  @ApiProperty({ example: 79, description: 'Criteria of the standard(s), summed' }) total: number;
  @ApiProperty({
    example: 0.25,
    description: 'Share of start → planned gateway elapsed by then, 0 to 1, 3 decimals (mean)',
  })
  elapsedShare: number;
}

export class CoverageTimelineDto {
  @ApiProperty({ description: 'Apprenticeships in the series' }) apprenticeships: number;
  @ApiProperty({
    type: [TimelinePointDto],
    description: 'One per month from the earliest start to the latest planned gateway (or now)',
  })
  points: TimelinePointDto[];
}
