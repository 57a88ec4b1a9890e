import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search: ksb_fold() folds case and accents (so "zoe" finds "Zoë", "nguyen" "Nguyễn"): it
 * decomposes to NFD, drops the combining marks, and maps the letters that do not decompose
 * (Ł, Đ, Ø, ß, æ…), and turns everything else but letters and digits into spaces, so an e-mail
 * address or a hyphenated name is words. No unaccent extension, which neither the embedded database nor every host
 * offers. IMMUTABLE, so full-text indexes can be built on it; the queries use the same expressions.
 */
export class Search1795400000000 implements MigrationInterface {
  name = 'Search1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION ksb_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN regexp_replace(
         lower(translate(regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f]', '', 'g'),
                         'łŁđĐðÐøØıħĦŧŦþÞßæÆœŒ', 'llddddooihhttttsaaoo')),
         '[^a-z0-9]+', ' ', 'g')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_evidence_search" ON "evidence"
       USING gin (to_tsvector('simple', ksb_fold(title || ' ' || description)))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_evidence_status_submitted_at" ON "evidence" ("status", "submitted_at")',
    );
    await queryRunner.query(
      `CREATE INDEX "ix_users_search" ON "users"
       USING gin (to_tsvector('simple', ksb_fold(name || ' ' || email)))`,
    );
    await queryRunner.query('CREATE INDEX "ix_apprenticeships_uln" ON "apprenticeships" ("uln")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_apprenticeships_uln"');
    await queryRunner.query('DROP INDEX "ix_users_search"');
    await queryRunner.query('DROP INDEX "ix_evidence_status_submitted_at"');
    await queryRunner.query('DROP INDEX "ix_evidence_search"');
    await queryRunner.query('DROP FUNCTION ksb_fold(text)');
  }
}
