import { prepared } from '../../common/database/named-query.js';
import { RISK_ORDER, riskColumnsSql } from './coverage-risk.js';
import { coverageCtes, effectiveThresholdSql, isoSql, percentSql } from './coverage-sql.js';
import { reviewDueSql } from '../reviews/review-schedule.js';

/*
 * The statements behind the three reports. Each selects from the one coverage rule
 * (coverageCtes); parameters are `:named`, run through queryNamed, and each runs as a prepared
 * statement (planning one costs more than running it).
 */

/** Counts by status over a set of coverage rows, and the percent evidenced. */
const tallySql = (from: string) => `
  count(*)::int AS total,
  count(*) FILTER (WHERE ${from}.status = 'evidenced')::int AS evidenced,
  count(*) FILTER (WHERE ${from}.status = 'claimed')::int AS claimed,
  count(*) FILTER (WHERE ${from}.status = 'missing')::int AS missing,
  ${percentSql(`count(*) FILTER (WHERE ${from}.status = 'evidenced')`, 'count(*)')} AS percent`;

/** A group's totals as the API shows them; all zero for a group with no criteria. */
const totalsJson = (group: string) => `
  coalesce((SELECT json_build_object('total', t.total, 'evidenced', t.evidenced,
                   'claimed', t.claimed, 'missing', t.missing, 'percent', t.percent)
            FROM cov_totals t WHERE t.grp = '${group}'),
           json_build_object('total', 0, 'evidenced', 0, 'claimed', 0, 'missing', 0, 'percent', 0))`;

/** A criterion as the API shows it: `linkedKsbs` only on duties the standard links. */
const criterionJson = (linked: boolean) => `json_build_object('code', r.code, 'kind', r.kind,
  'text', r.text, 'status', r.status, 'acceptedCount', r."acceptedCount",
  'claimedCount', r."claimedCount", 'evidence', r.evidence, 'firstEvidencedAt', r."firstEvidencedAt"
  ${linked ? `, 'linkedKsbs', r."linkedKsbs"` : ''})`;

/**
 * One statement: the apprenticeship's whole coverage, an ApprenticeshipCoverageDto (its standard,
 * every criterion with its evidence, totals and gaps), built by the database as JSON text. The API
 * sends the text as it is, so a 130 KB answer (800 tags) is not parsed and serialised again on the
 * event loop; code parses it (CoverageService.forApprenticeship).
 */
export const apprenticeshipCoverageSql = (options: { frozenEvidence?: boolean } = {}) => `
WITH ${coverageCtes('a.id = :apprenticeshipId', { firstEvidencedAt: true, ...options })},
cov_evidence AS (
  SELECT ct.criterion_id,
         json_agg(json_build_object('reference', 'E' || ct.evidence_number, 'id', ct.evidence_id,
                                    'title', ct.evidence_title, 'tagStatus', ct.status)
                  ORDER BY ct.evidence_number) AS items
  FROM cov_tags ct
  GROUP BY ct.criterion_id
),
cov_links AS (
  SELECT l.duty_id, count(*)::int AS total,
         count(*) FILTER (WHERE k.status = 'evidenced')::int AS evidenced
  FROM duty_links l JOIN coverage k ON k.criterion_id = l.ksb_id
  GROUP BY l.duty_id
),
cov_rows AS (
  SELECT cv.position, cv.code, cv.kind, c.text, cv.status,
         cv.accepted_count AS "acceptedCount", cv.claimed_count AS "claimedCount",
         coalesce(ev.items, '[]'::json) AS evidence,
         ${isoSql('cv.first_evidenced_at')} AS "firstEvidencedAt",
         CASE WHEN lk.duty_id IS NOT NULL
              THEN json_build_object('total', lk.total, 'evidenced', lk.evidenced) END AS "linkedKsbs"
  FROM coverage cv JOIN criteria c ON c.id = cv.criterion_id
  LEFT JOIN cov_evidence ev ON ev.criterion_id = cv.criterion_id
  LEFT JOIN cov_links lk ON lk.duty_id = cv.criterion_id
),
cov_totals AS (
  SELECT g.grp, ${tallySql('g')}
  FROM (SELECT kind::text AS grp, status FROM coverage
        UNION ALL SELECT 'all', status FROM coverage
        UNION ALL SELECT 'ksb', status FROM coverage WHERE kind <> 'duty') g
  GROUP BY g.grp
)
SELECT json_build_object(
  'apprenticeshipId', a.id,
  'standard', json_build_object('code', s.code, 'version', s.version,
                                'evidenceThreshold', ${effectiveThresholdSql()}),
  'totals', json_build_object('knowledge', ${totalsJson('knowledge')}, 'skill', ${totalsJson('skill')},
                              'behaviour', ${totalsJson('behaviour')}, 'duty', ${totalsJson('duty')}),
  'overall', json_build_object('all', ${totalsJson('all')}, 'ksb', ${totalsJson('ksb')}),
  'criteria', (SELECT coalesce(json_agg(
                 CASE WHEN r."linkedKsbs" IS NULL THEN ${criterionJson(false)}
                      ELSE ${criterionJson(true)} END ORDER BY r.position), '[]'::json) FROM cov_rows r),
  'gaps', (SELECT coalesce(json_agg(json_build_object('code', r.code, 'kind', r.kind, 'status', r.status)
                                    ORDER BY r.position), '[]'::json)
           FROM cov_rows r WHERE r.status <> 'evidenced')
)::text AS body
FROM apprenticeships a JOIN standards s ON s.id = a.standard_id
JOIN organisations p ON p.id = a.provider_id
WHERE a.id = :apprenticeshipId`;

export const APPRENTICESHIP_COVERAGE_SQL = prepared(apprenticeshipCoverageSql());
/** Coverage from the accepted evidence a gateway snapshot freezes (`:coverageEvidenceIds`). */
export const FROZEN_COVERAGE_SQL = prepared(apprenticeshipCoverageSql({ frozenEvidence: true }));

/**
 * One statement: the cohort's whole CohortCoverageDto (the matrix rows, the columns and the
 * criteria most often missing) built by the database as JSON text, sent by the API as it is
 * (a 230 KB answer for 200 apprentices, not parsed and serialised again on the event loop).
 */
export const cohortCoverageSql = (scope: string) => `
WITH ${coverageCtes(scope)},
-- The matrix's cells (the one coverage rule) sorted once, apprentice then criterion, so that
-- grouping needs no sort of its own and each apprentice's statuses arrive in order (their ORDER BY
-- then finds them sorted): sorting by apprentice and then each one's 79 statuses apart took a
-- third of the statement (200 × 800 tags). Referenced once, coverage is inlined here.
cells AS (
  SELECT apprenticeship_id, position, status FROM coverage ORDER BY apprenticeship_id, position
),
per_apprentice AS (
  SELECT apprenticeship_id, json_agg(status ORDER BY position) AS statuses,
         ${percentSql(`count(*) FILTER (WHERE status = 'evidenced')`, 'count(*)')} AS percent
  FROM cells GROUP BY apprenticeship_id
),
-- Missing: the cohort's apprentices on the criterion's standard less those with it evidenced or
-- claimed (a row in cov_counts), counted without building the matrix a second time.
missing AS (
  SELECT k.code, k.kind, k.position, (w.n - coalesce(t.n, 0))::int AS missing,
         round((w.n - coalesce(t.n, 0))::numeric / w.n, 3)::float8 AS share
  FROM (SELECT standard_id, count(*)::int AS n FROM cov_apprenticeships GROUP BY standard_id) w
  JOIN criteria k ON k.standard_id = w.standard_id
  LEFT JOIN (SELECT criterion_id, count(*)::int AS n FROM cov_counts GROUP BY criterion_id) t
    ON t.criterion_id = k.id
)
SELECT json_build_object(
  'cohort', json_build_object('id', c.id, 'name', c.name),
  'standard', json_build_object('code', s.code, 'version', s.version,
                                'evidenceThreshold', ${effectiveThresholdSql()}),
  'criteria',
  (SELECT coalesce(json_agg(json_build_object('code', k.code, 'kind', k.kind) ORDER BY k.position),
                   '[]'::json)
   FROM criteria k WHERE k.standard_id = c.standard_id),
  'apprentices',
  (SELECT coalesce(json_agg(json_build_object(
            'apprenticeshipId', a.id, 'apprentice', json_build_object('id', u.id, 'name', u.name),
            'uln', a.uln, 'percentEvidenced', coalesce(p.percent, 0),
            'statuses', coalesce(p.statuses, '[]'::json))
          ORDER BY u.name, a.id), '[]'::json)
   FROM cov_apprenticeships ca JOIN apprenticeships a ON a.id = ca.apprenticeship_id
   JOIN users u ON u.id = a.apprentice_id
   LEFT JOIN per_apprentice p ON p.apprenticeship_id = a.id),
  'mostMissing',
  (SELECT coalesce(json_agg(json_build_object('code', m.code, 'kind', m.kind,
                                              'missing', m.missing, 'share', m.share)
                            ORDER BY m.missing DESC, m.position), '[]'::json)
   FROM missing m WHERE m.missing > 0)
)::text AS body
FROM cohorts c JOIN standards s ON s.id = c.standard_id
JOIN organisations p ON p.id = c.provider_id
WHERE c.id = :cohortId`;

/** One statement: one row per apprenticeship in scope, assessed for risk, ordered and paged. */
export const overviewSql = (scope: string) => `
WITH ${coverageCtes(scope)},
base AS (
  SELECT a.id AS apprenticeship_id, a.apprentice_id, u.name AS apprentice_name,
         a.provider_id, o.name AS provider_name, a.cohort_id, co.name AS cohort_name,
         a.tutor_id, tu.name AS tutor_name, a.status, a.start_date, a.planned_gateway_date,
         cs.total, cs.evidenced
  FROM cov_summary cs
  JOIN apprenticeships a ON a.id = cs.apprenticeship_id
  JOIN users u ON u.id = a.apprentice_id
  JOIN users tu ON tu.id = a.tutor_id
  JOIN organisations o ON o.id = a.provider_id
  LEFT JOIN cohorts co ON co.id = a.cohort_id
),
assessed AS (
  SELECT b.*, ${percentSql('b.evidenced', 'b.total')} AS percent,
         ${riskColumnsSql('b', ':today::date')}
  FROM base b
)
SELECT x.*, to_char(x.start_date, 'YYYY-MM-DD') AS start,
       to_char(x.planned_gateway_date, 'YYYY-MM-DD') AS gateway,
       (SELECT count(*)::int FROM evidence e
        WHERE e.apprenticeship_id = x.apprenticeship_id AND e.status = 'submitted') AS awaiting_review,
       round(x.shortfall, 1)::float8 AS shortfall_points, count(*) OVER ()::int AS full_count,
       to_char(rv.due, 'YYYY-MM-DD') AS next_review_due,
       coalesce(rv.due < :today::date, false) AS review_overdue
FROM assessed x
-- The progress-review schedule: the date agreed at the last review, else the rule from the start.
LEFT JOIN LATERAL (
  SELECT CASE WHEN x.status = 'in_training' THEN coalesce(
           (SELECT r.next_review_date FROM progress_reviews r
            WHERE r.apprenticeship_id = x.apprenticeship_id ORDER BY r.number DESC LIMIT 1),
           ${reviewDueSql('x.start_date')}) END AS due
) rv ON true
ORDER BY ${RISK_ORDER}
LIMIT :pageLimit OFFSET :pageOffset`;
