/**
 * The "at risk" rule, as SQL over one row per apprenticeship. Kept in SQL (and only there) so it
 * can order and page the overview in the database; test/coverage.e2e-spec.ts pins its edge cases.
 *
 * Columns the row must offer: `evidenced` and `total` (criteria counts from the coverage rule),
 * `start_date`, `planned_gateway_date` (dates), `status`; `today` is a date expression.
 *
 * - elapsed share: days from start to today ÷ days from start to planned gateway, clamped to 0…1;
 * - at risk: in training, and evidenced ÷ total < elapsed share (compared exactly, in integers);
 * - shortfall: elapsed % − evidenced %, in percentage points (negative when ahead).
 */
export function riskColumnsSql(row: string, today: string): string {
  const span = `(${row}.planned_gateway_date - ${row}.start_date)`;
  const elapsed = `least(greatest(${today} - ${row}.start_date, 0), ${span})`;
  const evidencedPercent = `coalesce(100.0 * ${row}.evidenced / nullif(${row}.total, 0), 0)`;
  return `
    ${row}.planned_gateway_date - ${today} AS days_to_gateway,
    round(${elapsed}::numeric / ${span}, 3)::float8 AS elapsed_share,
    (${row}.status = 'in_training'
      AND ${row}.evidenced::bigint * ${span} < ${elapsed}::bigint * ${row}.total) AS at_risk,
    100.0 * ${elapsed} / ${span} - ${evidencedPercent} AS shortfall`;
}

/** Who needs help first: at risk, then in training, then the biggest shortfall, soonest gateway. */
export const RISK_ORDER = `at_risk DESC, (status = 'in_training') DESC, shortfall DESC,
  planned_gateway_date, apprentice_name, apprenticeship_id`;
