/**
 * Case- and accent-insensitive search in the database: every word of the query must begin a word
 * of the document (so "zoe luk" finds "Zoë Łukasiewicz"). The document expressions are the ones
 * the search migration indexes, so PostgreSQL uses those GIN indexes.
 */

/** A tsquery for the `:name` parameter: each folded word as a prefix, all required. */
export const searchQuerySql = (param: string) =>
  `to_tsquery('simple', coalesce((SELECT string_agg(w || ':*', ' & ')
     FROM regexp_split_to_table(ksb_fold(${param}), '[^a-z0-9]+') w WHERE w <> ''), ''))`;

/** Evidence by title and description (`e` is the evidence alias); ix_evidence_search. */
export const evidenceSearchSql = (alias: string, param: string) =>
  `to_tsvector('simple', ksb_fold(${alias}.title || ' ' || ${alias}.description)) @@ ${searchQuerySql(param)}`;

/** People by name and e-mail address; ix_users_search. */
export const userSearchSql = (alias: string, param: string) =>
  `to_tsvector('simple', ksb_fold(${alias}.name || ' ' || ${alias}.email)) @@ ${searchQuerySql(param)}`;

/** "E12" (any case) names evidence number 12; anything else names none. */
export function evidenceNumberOf(q: string): number | null {
  const match = /^\s*e(\d{1,9})\s*$/i.exec(q);
  return match ? Number(match[1]) : null;
}
