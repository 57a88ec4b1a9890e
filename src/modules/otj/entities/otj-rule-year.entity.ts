import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The off-the-job rules of one funding rules year (e.g. "2025/26", for starts from 1 August 2025),
 * as data: the migration writes the years we hold, a later year arrives as a new row. An
 * apprenticeship follows the year its start date falls in.
 */
@Entity('otj_rule_years')
export class OtjRuleYearEntity {
  @PrimaryColumn({ type: 'varchar', length: 7 })
  code: string;

  /** Apprenticeships starting on or after this date follow this year (until the next one). */
  @Column({ type: 'date', unique: true })
  startsOn: string;

  /** No minimum, after recognised prior learning, goes below this (187 hours from 2025/26). */
  @Column({ type: 'int' })
  floorHours: number;

  /** More than this logged on one day earns a warning. */
  @Column({ type: 'int' })
  maxDayMinutes: number;

  /** An entry made more than this many days after the activity earns a warning. */
  @Column({ type: 'int' })
  lateAfterDays: number;
}
