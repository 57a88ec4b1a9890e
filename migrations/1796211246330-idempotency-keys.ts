import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first answer to each Idempotency-Key, per user and operation (kept 24 hours). */
export class IdempotencyKeys1796211246330 implements MigrationInterface {
  name = 'IdempotencyKeys1796211246330';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "scope" character varying(60) NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("user_id", "scope", "key"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "idempotency_keys"');
  }
}
