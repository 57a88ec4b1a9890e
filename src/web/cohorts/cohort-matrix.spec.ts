import { describe, expect, it } from '@jest/globals';
import { CohortMatrixQueryDto, matrixModel, sortRows } from './cohort-matrix.js';
import type { CohortCoverageDto } from '../../modules/coverage/dto/cohort-coverage.dto.js';

const row = (id: string, name: string, percent: number) => ({
  apprenticeshipId: id,
  apprentice: { id: `u${id}`, name },
  uln: '1234567890',
  percentEvidenced: percent,
  statuses: [],
});
const rows = [row('1', 'Zoë', 40), row('2', 'adam', 10), row('3', 'Émile', 40), row('4', 'Bea', 5)];
const names = (list: { apprentice: { name: string } }[]) => list.map((r) => r.apprentice.name);

describe('sortRows', () => {
  it('sorts names ignoring case and accents', () => {
    expect(names(sortRows(rows, 'name', 'asc'))).toEqual(['adam', 'Bea', 'Émile', 'Zoë']);
    expect(names(sortRows(rows, 'name', 'desc'))).toEqual(['Zoë', 'Émile', 'Bea', 'adam']);
  });

  it('sorts by coverage, equal shares by name A to Z either way', () => {
    expect(names(sortRows(rows, 'coverage', 'asc'))).toEqual(['Bea', 'adam', 'Émile', 'Zoë']);
    expect(names(sortRows(rows, 'coverage', 'desc'))).toEqual(['Émile', 'Zoë', 'adam', 'Bea']);
  });
});

describe('matrixModel', () => {
  const coverage = { apprentices: rows } as unknown as CohortCoverageDto;
  const query = (q: Partial<CohortMatrixQueryDto>) => Object.assign(new CohortMatrixQueryDto(), q);

  it('links each heading to its sort, the sorted one to the other order', () => {
    const model = matrixModel(coverage, query({}), '/cohorts/c/matrix');
    expect(model.headers.name).toEqual({
      href: '/cohorts/c/matrix?sort=name&order=desc#matrix',
      ariaSort: 'ascending',
      action: 'sort by name, Z to A',
    });
    expect(model.headers.coverage).toEqual({
      href: '/cohorts/c/matrix?sort=coverage&order=asc#matrix',
      ariaSort: 'none',
      action: 'sort by coverage, lowest first',
    });
  });

  it('sorts by coverage, lowest first unless asked otherwise', () => {
    const model = matrixModel(coverage, query({ sort: 'coverage' }), '/m');
    expect(names(model.rows)).toEqual(['Bea', 'adam', 'Émile', 'Zoë']);
    expect(model.headers.coverage.href).toBe('/m?sort=coverage&order=desc#matrix');
    const desc = matrixModel(coverage, query({ sort: 'coverage', order: 'desc' }), '/m');
    expect(desc.headers.coverage.ariaSort).toBe('descending');
  });
});
