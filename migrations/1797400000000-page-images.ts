import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Page copies of images: the smaller JPEG/PNG a PDF draws instead of a large photo, made once
 * (after the upload commits, or by the first PDF that needs it) and kept in storage, so no
 * restart or PDF worker shrinks the same photo again. Keyed by the source's SHA-256 and the pixel
 * limit it was made under: the same photo in two pieces of evidence has one copy. No foreign
 * key (a SHA-256 is not unique in evidence_files): a copy whose source no file has any more is
 * deleted with that file, or by the orphan sweep; the sweep reads it through the sha256 index.
 */
export class PageImages1797400000000 implements MigrationInterface {
  name = 'PageImages1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE "page_images" (
               "source_sha256" character(64) NOT NULL,
               "max_pixels" integer NOT NULL,
               "storage_key" character varying(300) NOT NULL,
               "size" bigint NOT NULL,
               "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
               CONSTRAINT "pk_page_images" PRIMARY KEY ("source_sha256", "max_pixels"),
               CONSTRAINT "uq_page_images_storage_key" UNIQUE ("storage_key"))`);
    await q('CREATE INDEX "ix_evidence_files_sha256" ON "evidence_files" ("sha256")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_evidence_files_sha256"');
    await queryRunner.query('DROP TABLE "page_images"');
  }
}
