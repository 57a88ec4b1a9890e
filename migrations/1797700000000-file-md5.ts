import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each evidence file's MD5, the CheckSum a PDF's embedded file carries: kept from the first PDF
 * that had to compute it, instead of hashed again by every PDF worker in the first PDF each
 * renders after a start (the EPA pack's 58 MB of files: 80 ms of a worker's CPU). NULL until a
 * PDF has attached the file.
 */
export class FileMd51797700000000 implements MigrationInterface {
  name = 'FileMd51797700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "evidence_files" ADD "md5" bytea');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "evidence_files" DROP COLUMN "md5"');
  }
}
