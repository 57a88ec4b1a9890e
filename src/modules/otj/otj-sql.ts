/*
 * The off-the-job figures as SQL, written once: the progress of any number of apprenticeships in
 * one statement (the provider overview, the learner-record figures, one apprenticeship's page),
 * and one apprenticeship's approved hours month by month. Parameters are `:named` (queryNamed).
 */

/**
 * The rules year an apprenticeship follows, as a lateral subquery on `a`: the latest year that
 * began on or before its start date; for a start before every year we hold, the earliest year.
 */
export const ruleYearSql = (a: string) => `
  SELECT y.* FROM otj_rule_years y
  ORDER BY (y.starts_on <= ${a}.start_date) DESC,
           CASE WHEN y.starts_on <= ${a}.start_date THEN y.starts_on END DESC NULLS LAST, y.starts_on
  LIMIT 1`;

/** Elapsed share of start → planned gateway on `day`, clamped to 0…1 (the coverage rule's). */
export const elapsedShareSql = (a: string, day: string) =>
  `least(greatest(${day} - ${a}.start_date, 0), ${a}.planned_gateway_date - ${a}.start_date)::numeric
     / (${a}.planned_gateway_date - ${a}.start_date)`;

/**
 * One row per apprenticeship matching `scope` (a condition on `a`): plan, minimum, approved,
 * pending and ineligible hours, expected to date and the behind-target flag. Hours are summed in
 * minutes and rounded once, here. Only categories that count make approved and pending hours.
 * The minutes come from otj_totals, which a trigger keeps from otj_entries (see the migration).
 */
export const progressSql = (scope: string) => `
WITH scoped AS (
  SELECT a.id, a.status, a.start_date, a.planned_gateway_date, a.uln, u.name AS apprentice_name,
         s.minimum_otj_hours
  FROM apprenticeships a JOIN standards s ON s.id = a.standard_id
  JOIN users u ON u.id = a.apprentice_id
  WHERE ${scope}
),
logged AS (
  SELECT t.apprenticeship_id,
         sum(t.minutes) FILTER (WHERE t.status = 'approved' AND c.eligible) AS approved,
         sum(t.minutes) FILTER (WHERE t.status = 'pending' AND c.eligible) AS pending,
         sum(t.minutes) FILTER (WHERE t.status <> 'rejected' AND NOT c.eligible) AS ineligible
  FROM otj_totals t JOIN otj_categories c ON c.id = t.category_id
  WHERE t.apprenticeship_id IN (SELECT id FROM scoped)
  GROUP BY t.apprenticeship_id
),
figures AS (
  SELECT sc.id, sc.status, sc.uln, sc.apprentice_name, sc.minimum_otj_hours, ry.code AS rule_year, ry.floor_hours,
         p.planned_hours, coalesce(p.rpl_hours, 0) AS rpl_hours,
         coalesce(l.approved, 0) AS approved, coalesce(l.pending, 0) AS pending,
         coalesce(l.ineligible, 0) AS ineligible,
         ${elapsedShareSql('sc', ':today::date')} AS share
  FROM scoped sc
  CROSS JOIN LATERAL (${ruleYearSql('sc')}) ry
  LEFT JOIN otj_plans p ON p.apprenticeship_id = sc.id
  LEFT JOIN logged l ON l.apprenticeship_id = sc.id
)
SELECT f.id AS "apprenticeshipId", f.rule_year AS "ruleYear", f.planned_hours AS "plannedHours",
       f.rpl_hours AS "rplHours", f.minimum_otj_hours AS "publishedMinimumHours",
       CASE WHEN f.minimum_otj_hours IS NOT NULL
            THEN greatest(f.floor_hours, f.minimum_otj_hours - f.rpl_hours) END AS "minimumHours",
       f.floor_hours AS "floorHours",
       round(f.approved / 60.0, 2)::float8 AS "approvedHours",
       round(f.pending / 60.0, 2)::float8 AS "pendingHours",
       round(f.ineligible / 60.0, 2)::float8 AS "ineligibleHours",
       round(f.share, 3)::float8 AS "elapsedShare",
       CASE WHEN f.planned_hours IS NOT NULL
            THEN round(f.planned_hours * f.share, 1)::float8 END AS "expectedHours",
       CASE WHEN f.planned_hours IS NOT NULL
            THEN f.status = 'in_training' AND f.approved < f.planned_hours * 60 * f.share END
         AS "behindTarget",
       f.apprentice_name AS "apprenticeName", f.uln
FROM figures f
ORDER BY f.apprentice_name, f.id`;

/**
 * One apprenticeship's approved hours (categories that count, by the activity's date) at the
 * end of each month from its start to its planned gateway (or this month, when later; ten years
 * at most), with the expected hours then: planned × the share of time elapsed by that day.
 */
export const OTJ_TIMELINE_SQL = `
WITH ap AS (
  SELECT a.id, a.start_date, a.planned_gateway_date, p.planned_hours,
         date_trunc('month', a.start_date)::date AS first_month,
         least(greatest(date_trunc('month', a.planned_gateway_date), date_trunc('month', :today::date)),
               date_trunc('month', a.start_date) + interval '119 months')::date AS last_month
  FROM apprenticeships a LEFT JOIN otj_plans p ON p.apprenticeship_id = a.id
  WHERE a.id = :apprenticeshipId
),
monthly AS (
  SELECT date_trunc('month', e.activity_date)::date AS month, sum(e.duration_minutes) AS minutes
  FROM otj_entries e JOIN otj_categories c ON c.id = e.category_id
  WHERE e.apprenticeship_id = :apprenticeshipId AND e.status = 'approved' AND c.eligible
  GROUP BY 1
),
months AS (
  SELECT ap.*, m::date AS month_start, (m + interval '1 month' - interval '1 day')::date AS month_end
  FROM ap CROSS JOIN LATERAL generate_series(ap.first_month, ap.last_month, interval '1 month') m
),
series AS (
  SELECT mo.*, sum(coalesce(mn.minutes, 0)) OVER (ORDER BY mo.month_start) AS approved,
         CASE WHEN :today::date BETWEEN mo.month_start AND mo.month_end THEN :today::date
              ELSE mo.month_end END AS as_of
  FROM months mo LEFT JOIN monthly mn ON mn.month = mo.month_start
)
SELECT to_char(s.month_start, 'YYYY-MM') AS month, to_char(s.as_of, 'YYYY-MM-DD') AS "asOf",
       s.month_start <= :today::date AS reached,
       round(s.approved / 60.0, 2)::float8 AS "approvedHours",
       CASE WHEN s.planned_hours IS NOT NULL
            THEN round(s.planned_hours * ${elapsedShareSql('s', 's.as_of')}, 1)::float8 END
         AS "expectedHours"
FROM series s ORDER BY s.month_start`;
