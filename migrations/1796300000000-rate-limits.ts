import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request-limit counters shared by every instance on this database, in the shape
 * rate-limiter-flexible's PostgreSQL store reads and writes (src/modules/auth/rate-limits.ts).
 * Keys are SHA-256 digests (no e-mail addresses in clear); `expire` is epoch milliseconds.
 * No entity: only the library touches it.
 */
export class RateLimits1796300000000 implements MigrationInterface {
  name = 'RateLimits1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "pk_rate_limits" PRIMARY KEY ("key"))',
    );
    await queryRunner.query('CREATE INDEX "ix_rate_limits_expire" ON "rate_limits" ("expire")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "rate_limits"');
  }
}
