import { CRITERION_KINDS } from '../../common/vocabulary.js';
import type { CoverageStatus, CriterionKind } from '../../common/vocabulary.js';
import type { CriterionCoverageDto } from '../../modules/coverage/dto/coverage.dto.js';

export interface GridGroup {
  kind: CriterionKind;
  heading: string;
  cells: Pick<CriterionCoverageDto, 'code' | 'text' | 'status'>[];
  evidenced: number;
}

const HEADINGS: Record<CriterionKind, string> = {
  knowledge: 'Knowledge',
  skill: 'Skills',
  behaviour: 'Behaviours',
  duty: 'Duties',
};
const GAPS_FIRST: Record<CoverageStatus, number> = { missing: 0, claimed: 1, evidenced: 2 };

/** The coverage grid: one group per kind (K, S, B, D), gaps first, then in published order. */
export function coverageGrid(criteria: CriterionCoverageDto[]): GridGroup[] {
  return CRITERION_KINDS.map((kind) => {
    const cells = criteria
      .map((c, order) => ({ c, order }))
      .filter(({ c }) => c.kind === kind)
      .sort((a, b) => GAPS_FIRST[a.c.status] - GAPS_FIRST[b.c.status] || a.order - b.order)
      .map(({ c }) => ({ code: c.code, text: c.text, status: c.status }));
    return {
      kind,
      heading: HEADINGS[kind],
      cells,
      evidenced: cells.filter((c) => c.status === 'evidenced').length,
    };
  }).filter((g) => g.cells.length > 0);
}
