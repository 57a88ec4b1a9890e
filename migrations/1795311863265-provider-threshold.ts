import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderThreshold1795311863265 implements MigrationInterface {
  name = 'ProviderThreshold1795311863265';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organisations" ADD "evidence_threshold" smallint');
    await queryRunner.query(
      'ALTER TABLE "organisations" ADD CONSTRAINT "chk_organisations_provider_threshold" CHECK (evidence_threshold IS NULL OR (kind = \'provider\' AND evidence_threshold BETWEEN 1 AND 10))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "organisations" DROP CONSTRAINT "chk_organisations_provider_threshold"',
    );
    await queryRunner.query('ALTER TABLE "organisations" DROP COLUMN "evidence_threshold"');
  }
}
