import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coverage from kept counts: coverage_counts holds, per apprenticeship × criterion, the accepted
 * and claimed tags. Triggers keep it in the same statement as every change to evidence_tags (put
 * tags, review, resubmit, delete evidence by cascade), recounting the pairs a statement touched
 * from the tags themselves, so it cannot drift whoever writes. evidence_tags carries its
 * apprenticeship (filled by a trigger from its evidence) so a cascaded delete still knows it.
 */
export class CoverageCounts1795500000000 implements MigrationInterface {
  name = 'CoverageCounts1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q('ALTER TABLE "evidence_tags" ADD "apprenticeship_id" uuid');
    await q(`UPDATE evidence_tags t SET apprenticeship_id = e.apprenticeship_id
             FROM evidence e WHERE e.id = t.evidence_id`);
    await q('ALTER TABLE "evidence_tags" ALTER COLUMN "apprenticeship_id" SET NOT NULL');
    await q(`CREATE INDEX "ix_evidence_tags_apprenticeship_id_criterion_id"
             ON "evidence_tags" ("apprenticeship_id", "criterion_id")`);
    await q(`CREATE FUNCTION ksb_tag_apprenticeship() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               SELECT apprenticeship_id INTO NEW.apprenticeship_id FROM evidence WHERE id = NEW.evidence_id;
               RETURN NEW;
             END $$`);
    await q(`CREATE TRIGGER evidence_tags_apprenticeship BEFORE INSERT OR UPDATE OF evidence_id
             ON evidence_tags FOR EACH ROW EXECUTE FUNCTION ksb_tag_apprenticeship()`);
    await q(`CREATE TABLE "coverage_counts" (
               "apprenticeship_id" uuid NOT NULL, "criterion_id" uuid NOT NULL,
               "accepted_count" integer NOT NULL, "claimed_count" integer NOT NULL,
               CONSTRAINT "pk_coverage_counts" PRIMARY KEY ("apprenticeship_id", "criterion_id"))`);
    await q(`CREATE FUNCTION ksb_recount(apprenticeships uuid[], criteria uuid[]) RETURNS void
             LANGUAGE sql AS $$
               INSERT INTO coverage_counts (apprenticeship_id, criterion_id, accepted_count, claimed_count)
               SELECT p.a, p.c, count(t.id) FILTER (WHERE t.status = 'accepted'),
                      count(t.id) FILTER (WHERE t.status = 'claimed')
               FROM unnest(apprenticeships, criteria) AS p(a, c)
               LEFT JOIN evidence_tags t ON t.apprenticeship_id = p.a AND t.criterion_id = p.c
               GROUP BY p.a, p.c
               ON CONFLICT (apprenticeship_id, criterion_id) DO UPDATE
                 SET accepted_count = EXCLUDED.accepted_count, claimed_count = EXCLUDED.claimed_count
             $$`);
    for (const [event, tables, pairs] of [
      [
        'INSERT',
        'NEW TABLE AS changed_new',
        'SELECT apprenticeship_id, criterion_id FROM changed_new',
      ],
      [
        'DELETE',
        'OLD TABLE AS changed_old',
        'SELECT apprenticeship_id, criterion_id FROM changed_old',
      ],
      [
        'UPDATE',
        'NEW TABLE AS changed_new OLD TABLE AS changed_old',
        `SELECT apprenticeship_id, criterion_id FROM changed_new
         UNION SELECT apprenticeship_id, criterion_id FROM changed_old`,
      ],
    ]) {
      const name = `ksb_recount_after_${event.toLowerCase()}`;
      await q(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                 PERFORM ksb_recount(array_agg(p.apprenticeship_id), array_agg(p.criterion_id))
                 FROM (SELECT DISTINCT apprenticeship_id, criterion_id FROM (${pairs}) x) p;
                 RETURN NULL;
               END $$`);
      await q(`CREATE TRIGGER evidence_tags_${event.toLowerCase()}_counts AFTER ${event}
               ON evidence_tags REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    }
    await q(`INSERT INTO coverage_counts (apprenticeship_id, criterion_id, accepted_count, claimed_count)
             SELECT apprenticeship_id, criterion_id, count(*) FILTER (WHERE status = 'accepted'),
                    count(*) FILTER (WHERE status = 'claimed')
             FROM evidence_tags GROUP BY apprenticeship_id, criterion_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    for (const event of ['insert', 'delete', 'update']) {
      await q(`DROP TRIGGER evidence_tags_${event}_counts ON evidence_tags`);
      await q(`DROP FUNCTION ksb_recount_after_${event}()`);
    }
    await q('DROP FUNCTION ksb_recount(uuid[], uuid[])');
    await q('DROP TABLE "coverage_counts"');
    await q('DROP TRIGGER evidence_tags_apprenticeship ON evidence_tags');
    await q('DROP FUNCTION ksb_tag_apprenticeship()');
    await q('DROP INDEX "ix_evidence_tags_apprenticeship_id_criterion_id"');
    await q('ALTER TABLE "evidence_tags" DROP COLUMN "apprenticeship_id"');
  }
}
