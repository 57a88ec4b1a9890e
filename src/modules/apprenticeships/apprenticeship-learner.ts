import type { Database } from '../../common/database/database.js';
import { AppError } from '../../common/errors/app-error.js';

/** Statuses in which an apprenticeship is still under way. */
const OPEN = ['in_training', 'gateway', 'epa'];

const STATUS_WORDS: Record<string, string> = {
  in_training: 'in training',
  gateway: 'at gateway',
  epa: 'in end-point assessment',
};

export interface LearnerClaim {
  providerId: string;
  apprenticeId: string;
  uln: string;
  standardId: string;
  /** The apprenticeship being changed, left out of the comparison. */
  exceptId?: string;
  /** Changing a ULN only: whether the apprentice's open apprenticeships are checked too. */
  checkOpen: boolean;
}

/**
 * A Unique Learner Number is one learner's for life: at a provider it names one apprentice, and an
 * apprentice has one. And an apprentice follows a standard once at a time. Checked among the
 * provider's own apprenticeships only (another provider's learners are not its business, nor to
 * be revealed by a refusal), in the caller's transaction with the provider's row locked, so that
 * two requests at once cannot both pass. 422 with the field named.
 */
export async function checkLearner(db: Database, claim: LearnerClaim): Promise<void> {
  // The provider's row, for the rest of the transaction: its apprenticeships change one by one.
  await db.query('SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE', [claim.providerId]);
  const rows = await db.query<
    {
      apprentice_id: string;
      name: string;
      uln: string;
      status: string;
      same_standard: boolean;
      code: string;
    }[]
  >(
    `SELECT a.apprentice_id, u.name, a.uln, a.status::text AS status, s.code,
            s.code = (SELECT code FROM standards WHERE id = $4) AS same_standard
     FROM apprenticeships a
     JOIN users u ON u.id = a.apprentice_id
     JOIN standards s ON s.id = a.standard_id
     WHERE a.provider_id = $1 AND (a.uln = $2 OR a.apprentice_id = $3)
       AND a.id IS DISTINCT FROM $5::uuid
     ORDER BY a.created_at`,
    [claim.providerId, claim.uln, claim.apprenticeId, claim.standardId, claim.exceptId ?? null],
  );
  const other = rows.find((r) => r.uln === claim.uln && r.apprentice_id !== claim.apprenticeId);
  if (other) {
    throw AppError.field('uln', `is already ${other.name}’s: a ULN belongs to one learner`, {
      rule: 'uln_of_another_learner',
    });
  }
  const own = rows.find((r) => r.apprentice_id === claim.apprenticeId && r.uln !== claim.uln);
  if (own) {
    throw AppError.field(
      'uln',
      `differs from ${own.uln}, the ULN of ${own.name}’s other apprenticeship: a learner keeps one ULN`,
      { rule: 'uln_of_other_apprenticeship' },
    );
  }
  const open = rows.find(
    (r) => r.apprentice_id === claim.apprenticeId && r.same_standard && OPEN.includes(r.status),
  );
  if (open && claim.checkOpen) {
    throw AppError.field(
      'apprenticeId',
      `already has an apprenticeship on ${open.code} (${STATUS_WORDS[open.status]}): one at a time`,
      { rule: 'one_open_per_standard' },
    );
  }
}
