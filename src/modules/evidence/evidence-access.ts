import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { apprenticeshipScope } from '../apprenticeships/apprenticeship-access.js';
import { EvidenceEntity } from './entities/evidence.entity.js';

/** What the caller wants to do with a piece of evidence. */
export type EvidenceNeed = 'read' | 'write' | 'review' | 'comment';

const ROLES_FOR: Record<Exclude<EvidenceNeed, 'read'>, readonly string[]> = {
  write: ['apprentice'],
  review: ['provider'],
  comment: ['apprentice', 'provider', 'employer'],
};

/**
 * The one access rule for evidence: visible when its apprenticeship is visible (the shared
 * apprenticeship scope) — except to assessors, who only ever see frozen gateway portfolios.
 * Invisible evidence is a 404; visible evidence the role may not act on is a 403.
 */
@Injectable()
export class EvidenceAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(
    user: AuthUser,
    evidenceId: string,
    need: EvidenceNeed,
    manager?: EntityManager,
  ): Promise<EvidenceEntity> {
    const scope = apprenticeshipScope(user, 'a');
    const query = (manager ?? this.dataSource.manager)
      .createQueryBuilder(EvidenceEntity, 'e')
      .innerJoinAndSelect('e.apprenticeship', 'a')
      .where('e.id = :evidenceId', { evidenceId })
      .andWhere(scope.sql, scope.params);
    // Inside a change, lock the row so concurrent changes to one piece of evidence queue up.
    if (manager && need !== 'read') query.setLock('pessimistic_write', undefined, ['e']);
    const evidence = user.role === 'assessor' ? null : await query.getOne();
    if (!evidence) throw AppError.notFound('Evidence');
    if (need !== 'read' && !ROLES_FOR[need].includes(user.role)) throw AppError.forbidden();
    return evidence;
  }

  /** Evidence that a gateway snapshot froze can never change again. */
  async isFrozen(evidenceId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await (manager ?? this.dataSource.manager).query<unknown[]>(
      'SELECT 1 FROM snapshot_evidence WHERE evidence_id = $1 LIMIT 1',
      [evidenceId],
    );
    return rows.length > 0;
  }

  /** The apprentice may change evidence until it is accepted or frozen (409 otherwise). */
  async assertChangeable(evidence: EvidenceEntity, manager?: EntityManager): Promise<void> {
    if (await this.isFrozen(evidence.id, manager)) {
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
