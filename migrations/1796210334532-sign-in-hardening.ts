import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens carry the user's token version; a password change raises it and so revokes every token
 * issued before. Sign-in attempts are audited, and a sign-in changes no record: no entity.
 */
export class SignInHardening1796210334532 implements MigrationInterface {
  name = 'SignInHardening1796210334532';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT \'0\'',
    );
    await queryRunner.query('ALTER TABLE "audit_events" ALTER COLUMN "entity_id" DROP NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails once a sign-in for an unknown address was recorded: the trail is append-only.
    await queryRunner.query('ALTER TABLE "audit_events" ALTER COLUMN "entity_id" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "token_version"');
  }
}
