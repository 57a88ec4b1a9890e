import type { CriterionCoverageDto } from '../../modules/coverage/dto/coverage.dto.js';
import type { EvidenceDto } from '../../modules/evidence/dto/evidence.dto.js';

export type Returned<E> = E & {
  /** The criteria the reviewer did not accept on it. */
  rejected: string[];
  /**
   * Of those, the ones that need new evidence: the evidence was accepted, so it can no longer
   * change, and nothing else has evidenced them since.
   */
  addFor: string[];
};

/**
 * What came back from review, for the portfolio's dashboard: evidence sent back for changes, and
 * evidence decided with criteria rejected, each with what to do next.
 */
export function returnedFromReview<E extends Pick<EvidenceDto, 'status' | 'tags'>>(
  evidence: E[],
  criteria: Pick<CriterionCoverageDto, 'code' | 'status'>[],
): Returned<E>[] {
  const evidenced = new Set(criteria.filter((c) => c.status === 'evidenced').map((c) => c.code));
  return evidence
    .map((e) => {
      const rejected = e.tags.filter((t) => t.status === 'rejected').map((t) => t.code);
      const addFor = e.status === 'accepted' ? rejected.filter((c) => !evidenced.has(c)) : [];
      return { ...e, rejected, addFor };
    })
    .filter((e) => e.status === 'changes_requested' || e.rejected.length > 0);
}
