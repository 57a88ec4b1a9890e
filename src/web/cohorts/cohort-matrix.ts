import { IsIn, IsOptional } from 'class-validator';
import type { CohortCoverageDto } from '../../modules/coverage/dto/cohort-coverage.dto.js';

export const MATRIX_SORTS = ['name', 'coverage'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The cohort page's query: sorted by links, so it works without JavaScript. */
export class CohortMatrixQueryDto {
  @IsOptional()
  @IsIn(MATRIX_SORTS, { message: 'sort must be name or coverage' })
  sort: MatrixSort = 'name';

  @IsOptional()
  @IsIn(SORT_ORDERS, { message: 'order must be asc or desc' })
  order?: SortOrder;

  /** Set by the redirect after creating the cohort: show the success banner. */
  @IsOptional()
  @IsIn(['1'])
  created?: '1';
}

/** Names first to last; coverage least first, so who needs help comes to the top. */
const DEFAULT_ORDER: Record<MatrixSort, SortOrder> = { name: 'asc', coverage: 'asc' };
const NAMES = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

type Row = CohortCoverageDto['apprentices'][number];

/** The rows sorted by name or by percent evidenced; ties by name, then id, so the order is stable. */
export function sortRows(rows: readonly Row[], sort: MatrixSort, order: SortOrder): Row[] {
  const byName = (a: Row, b: Row) =>
    NAMES.compare(a.apprentice.name, b.apprentice.name) ||
    a.apprenticeshipId.localeCompare(b.apprenticeshipId);
  const primary =
    sort === 'coverage' ? (a: Row, b: Row) => a.percentEvidenced - b.percentEvidenced : byName;
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * primary(a, b) || byName(a, b));
}

export interface SortHeader {
  href: string;
  ariaSort: 'ascending' | 'descending' | 'none';
  /** What following the link does, for screen readers. */
  action: string;
}

/**
 * The matrix as the page shows it: sorted rows, and for each sortable column the link that sorts
 * by it (the column already sorted by flips its order).
 */
export function matrixModel(
  coverage: CohortCoverageDto,
  query: CohortMatrixQueryDto,
  path: string,
) {
  const sort = query.sort ?? 'name';
  const order = query.order ?? DEFAULT_ORDER[sort];
  const header = (column: MatrixSort, words: [string, string]): SortHeader => {
    const active = column === sort;
    const next: SortOrder = active ? (order === 'asc' ? 'desc' : 'asc') : DEFAULT_ORDER[column];
    return {
      href: `${path}?sort=${column}&order=${next}#matrix`,
      ariaSort: active ? (order === 'asc' ? 'ascending' : 'descending') : 'none',
      action: `sort by ${next === 'asc' ? words[0] : words[1]}`,
    };
  };
  return {
    sort,
    order,
    rows: sortRows(coverage.apprentices, sort, order),
    headers: {
      name: header('name', ['name, A to Z', 'name, Z to A']),
      coverage: header('coverage', ['coverage, lowest first', 'coverage, highest first']),
    },
  };
}
