import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { EvidenceEntity } from './entities/evidence.entity.js';

/**
 * Loads evidence (with its apprenticeship) once the access room has let the caller in, and says
 * whether it may still change.
 */
@Injectable()
export class EvidenceStore {
  constructor(private readonly db: Database) {}

  /** `lock`: inside a change, so concurrent changes to one piece of evidence queue up. */
  async load(evidenceId: string, lock = false): Promise<EvidenceEntity> {
    const query = this.db.manager
      .createQueryBuilder(EvidenceEntity, 'e')
      .innerJoinAndSelect('e.apprenticeship', 'a')
      .where('e.id = :evidenceId', { evidenceId });
    if (lock) query.setLock('pessimistic_write', undefined, ['e']);
    const evidence = await query.getOne();
    if (!evidence) throw AppError.notFound('Evidence');
    return evidence;
  }

  /** Evidence that a gateway snapshot froze can never change again. */
  async isFrozen(evidenceId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM snapshot_evidence WHERE evidence_id = $1 LIMIT 1',
      [evidenceId],
    );
    return rows.length > 0;
  }

  /** The apprentice may change evidence until it is accepted or frozen (409 otherwise). */
  async assertChangeable(evidence: EvidenceEntity): Promise<void> {
    if (await this.isFrozen(evidence.id)) {
      throw AppError.conflict(
        `E${evidence.number} is in a gateway snapshot and can no longer change`,
      );
    }
    if (evidence.status === 'accepted') {
      throw AppError.conflict(`E${evidence.number} has been accepted and can no longer change`);
    }
    if (evidence.apprenticeship.status !== 'in_training') {
      throw AppError.conflict(
        `The apprenticeship is at ${evidence.apprenticeship.status}; evidence is closed`,
      );
    }
  }
}
