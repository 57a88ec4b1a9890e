/**
 * THE coverage rule, written once. Every report (one apprenticeship, a cohort matrix, the provider
 * overview) selects from these CTEs, so they can never disagree. PostgreSQL evaluates only the
 * CTEs a statement references.
 *
 * `scope` is a SQL condition on `a` (apprenticeships) with `:named` parameters; it decides which
 * apprenticeships are covered. The CTEs it yields:
 *
 * - `cov_apprenticeships(apprenticeship_id, standard_id, threshold)`: those in scope, with N.
 * With `frozenEvidence`, only the accepted evidence a gateway snapshot would freeze counts (the
 * gateway's missing list and the frozen statuses in a snapshot): the same rule, fewer rows.
 *
 * - `cov_tags(apprenticeship_id, threshold, criterion_id, evidence_id, evidence_number,
 *   evidence_title, status, decided_at)`: every tag on their evidence, rejected ones included
 *   (reports list them). Deleted evidence is gone, and its tags with it (ON DELETE CASCADE).
 * - `cov_counts(apprenticeship_id, criterion_id, accepted_count, claimed_count, status,
 *   first_evidenced_at)`: from the kept counts (coverage_counts, maintained by triggers on
 *   evidence_tags) for live reports; from the tags when a report needs a filter (frozen).
 *   Either way: criteria with at least one tag that is not rejected. `status` is
 *     evidenced — at least N tags accepted (N = the standard's evidence threshold, or the
 *                 provider's when it is higher: effectiveThresholdSql);
 *     claimed   — otherwise (some tag claimed or accepted, but fewer than N accepted).
 *   `claimed_count` counts tags awaiting a decision; rejected tags count nowhere.
 *   `first_evidenced_at` is the decision time of the Nth accepted tag (only computed with
 *   `firstEvidencedAt`; kept in order as coverage_counts.accepted_times for live reports).
 * - `coverage(apprenticeship_id, criterion_id, kind, code, position, accepted_count,
 *   claimed_count, first_evidenced_at, status)`: one row per apprenticeship × criterion of its
 *   standard version (K, S, B and D); a criterion absent from cov_counts is `missing` (nothing
 *   tagged, or every tag rejected).
 * - `cov_summary(apprenticeship_id, total, evidenced, claimed)`: the same statuses counted per
 *   apprenticeship without building the criteria matrix (missing = total − evidenced − claimed).
 */
/**
 * N for an apprenticeship: the standard's evidence threshold, or its provider's when higher.
 * `s` is the standards row, `p` the provider organisation row.
 */
export const effectiveThresholdSql = (s = 's', p = 'p') =>
  `GREATEST(${s}.evidence_threshold, coalesce(${p}.evidence_threshold, 1))`;

export interface CoverageOptions {
  firstEvidencedAt?: boolean;
  /**
   * Count only accepted evidence, and of that only `:coverageEvidenceIds` when it is not null:
   * what a gateway snapshot freezes. Live coverage (without this) counts every piece.
   */
  frozenEvidence?: boolean;
}

export function coverageCtes(scope: string, options: CoverageOptions = {}): string {
  // The kept counts (coverage_counts) answer live coverage, first-evidenced times included; the
  // frozen filter needs the tags themselves. Kept counts are materialised once per statement: left
  // to the planner, they were re-joined to cov_apprenticeships for each of a cohort's 15,800
  // cells (656 ms against 200 × 800 tags).
  const kept = !options.frozenEvidence;
  const nth = options.firstEvidencedAt
    ? kept
      ? 'k.accepted_times[ca.threshold]'
      : `(array_agg(ct.decided_at ORDER BY ct.decided_at)
          FILTER (WHERE ct.status = 'accepted'))[ct.threshold]`
    : 'NULL::timestamptz';
  return `
  cov_apprenticeships AS (
    SELECT a.id AS apprenticeship_id, a.standard_id, ${effectiveThresholdSql()} AS threshold
    FROM apprenticeships a JOIN standards s ON s.id = a.standard_id
    JOIN organisations p ON p.id = a.provider_id
    WHERE ${scope}
  ),
  cov_tags AS (
    SELECT ca.apprenticeship_id, ca.threshold, t.criterion_id, t.evidence_id,
           e.number AS evidence_number, e.title AS evidence_title, t.status, t.decided_at
    FROM cov_apprenticeships ca
    JOIN evidence e ON e.apprenticeship_id = ca.apprenticeship_id
    JOIN evidence_tags t ON t.evidence_id = e.id
    ${
      options.frozenEvidence
        ? `WHERE e.status = 'accepted' AND (CAST(:coverageEvidenceIds AS uuid[]) IS NULL
                 OR e.id = ANY(CAST(:coverageEvidenceIds AS uuid[])))`
        : ''
    }
  ),
  cov_counts AS ${kept ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (${
    kept
      ? `
    SELECT k.apprenticeship_id, k.criterion_id, k.accepted_count, k.claimed_count,
           CASE WHEN k.accepted_count >= ca.threshold THEN 'evidenced' ELSE 'claimed' END AS status,
           ${nth} AS first_evidenced_at
    FROM cov_apprenticeships ca
    JOIN coverage_counts k ON k.apprenticeship_id = ca.apprenticeship_id
    -- The ids again as an array, so the counts are read through their key: joined alone, the
    -- planner hashed every apprenticeship's counts (79,000 rows for a cohort of 200 of 1,000).
    WHERE k.apprenticeship_id = ANY(ARRAY(SELECT apprenticeship_id FROM cov_apprenticeships))
      AND k.accepted_count + k.claimed_count > 0`
      : `
    SELECT ct.apprenticeship_id, ct.criterion_id,
           count(*) FILTER (WHERE ct.status = 'accepted')::int AS accepted_count,
           count(*) FILTER (WHERE ct.status = 'claimed')::int AS claimed_count,
           CASE WHEN count(*) FILTER (WHERE ct.status = 'accepted') >= ct.threshold
                THEN 'evidenced' ELSE 'claimed' END AS status,
           ${nth} AS first_evidenced_at
    FROM cov_tags ct
    WHERE ct.status <> 'rejected'
    GROUP BY ct.apprenticeship_id, ct.criterion_id, ct.threshold`
  }
  ),
  coverage AS (
    SELECT ca.apprenticeship_id, c.id AS criterion_id, c.kind, c.code, c.position,
           coalesce(n.accepted_count, 0) AS accepted_count,
           coalesce(n.claimed_count, 0) AS claimed_count,
           n.first_evidenced_at,
           coalesce(n.status, 'missing') AS status
    FROM cov_apprenticeships ca
    JOIN criteria c ON c.standard_id = ca.standard_id
    LEFT JOIN cov_counts n
      ON n.apprenticeship_id = ca.apprenticeship_id AND n.criterion_id = c.id
  ),
  cov_summary AS (
    SELECT ca.apprenticeship_id, coalesce(k.total, 0) AS total,
           coalesce(n.evidenced, 0) AS evidenced, coalesce(n.claimed, 0) AS claimed
    FROM cov_apprenticeships ca
    LEFT JOIN (SELECT standard_id, count(*)::int AS total FROM criteria GROUP BY standard_id) k
      ON k.standard_id = ca.standard_id
    LEFT JOIN (SELECT apprenticeship_id,
                      count(*) FILTER (WHERE status = 'evidenced')::int AS evidenced,
                      count(*) FILTER (WHERE status = 'claimed')::int AS claimed
               FROM cov_counts GROUP BY apprenticeship_id) n
      ON n.apprenticeship_id = ca.apprenticeship_id
  )`;
}

/** Percent with one decimal, 0 for an empty denominator: the one rounding every report uses. */
export const percentSql = (part: string, whole: string) =>
  `coalesce(round(100.0 * (${part}) / nullif(${whole}, 0), 1), 0)::float8`;

/** A timestamptz as JSON-ready ISO 8601 in UTC, like Date.prototype.toISOString. */
export const isoSql = (expr: string) =>
  `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
