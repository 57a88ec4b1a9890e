import { MigrationInterface, QueryRunner } from 'typeorm';

/** What ksb_recount sets for one pair: its counts, and with `times` its accepted tags' times. */
const recount = (times: boolean) => `
  CREATE OR REPLACE FUNCTION ksb_recount(apprenticeships uuid[], criteria uuid[]) RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO coverage_counts (apprenticeship_id, criterion_id, accepted_count, claimed_count${
      times ? ', accepted_times' : ''
    })
    SELECT p.a, p.c, count(t.id) FILTER (WHERE t.status = 'accepted'),
           count(t.id) FILTER (WHERE t.status = 'claimed')${
             times
               ? `,
           coalesce(array_agg(t.decided_at ORDER BY t.decided_at)
                      FILTER (WHERE t.status = 'accepted'), '{}')`
               : ''
           }
    FROM unnest(apprenticeships, criteria) AS p(a, c)
    LEFT JOIN evidence_tags t ON t.apprenticeship_id = p.a AND t.criterion_id = p.c
    GROUP BY p.a, p.c
    ON CONFLICT (apprenticeship_id, criterion_id) DO UPDATE
      SET accepted_count = EXCLUDED.accepted_count, claimed_count = EXCLUDED.claimed_count${
        times ? ', accepted_times = EXCLUDED.accepted_times' : ''
      }
  $$`;

/**
 * The kept coverage counts also keep when each pair's tags were accepted (`accepted_times`, in
 * order), recounted from the tags by the same triggers as the counts. A criterion became evidenced
 * at the Nth of them, whatever N the standard or the provider sets: the coverage timeline reads it
 * there instead of ordering the decision time of every tag in scope (for a cohort of 200 × 800
 * tags, a sort of 136,000 rows on every cohort page).
 */
export class CoverageAcceptedTimes1797500000000 implements MigrationInterface {
  name = 'CoverageAcceptedTimes1797500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "coverage_counts" ADD "accepted_times" timestamptz[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(recount(true));
    await queryRunner.query(`
      UPDATE coverage_counts k SET accepted_times = x.times
      FROM (SELECT apprenticeship_id, criterion_id,
                   array_agg(decided_at ORDER BY decided_at) AS times
            FROM evidence_tags WHERE status = 'accepted'
            GROUP BY apprenticeship_id, criterion_id) x
      WHERE k.apprenticeship_id = x.apprenticeship_id AND k.criterion_id = x.criterion_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(recount(false));
    await queryRunner.query('ALTER TABLE "coverage_counts" DROP COLUMN "accepted_times"');
  }
}
