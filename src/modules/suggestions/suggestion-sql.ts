/**
 * The ranking, in PostgreSQL: full-text matching (the English stemmer, ksb_fold) of the evidence's
 * words and the vocabulary's standard phrases against each criterion's text. A criterion scores
 * the sum of the rarity (idf over the standard's criteria) of each stem it shares with the
 * evidence, divided by the square root of its own length, so long criteria do not win by size.
 * Duties are left out: the standard links them to KSBs itself.
 */
import { prepared } from '../../common/database/named-query.js';
import { effectiveThresholdSql } from '../coverage/coverage-sql.js';

/** How much a standard phrase reached through the vocabulary counts beside the evidence's words. */
export const VOCABULARY_WEIGHT = 4;
/** How surely one word of the evidence calls up a standard phrase, beside a phrase of several. */
export const ONE_WORD_WEIGHT = 0.6;
/** Rare words say more: each shared stem counts its idf to this power. */
export const IDF_POWER = 1.5;

export interface RankedRow {
  id: string;
  code: string;
  kind: string;
  text: string;
  position: number;
  text_score: number;
  /** Stems the evidence says itself, rarest first. */
  direct: string[] | null;
  /** Indexes (1-based) of the vocabulary's standard phrases this criterion contains. */
  hits: number[] | null;
  /** idf of each matched stem. */
  idf: Record<string, number> | null;
  /** Evidenced by the coverage rule: at least N accepted tags (coverage-sql.ts). */
  evidenced: boolean;
  claimed: boolean;
  /** The evidence's most telling stems (same on every row): what "similar" is searched by. */
  top_terms: string[] | null;
}

export const RANK_SQL = prepared(`
WITH crit AS (
  SELECT c.id, c.code, c.kind::text AS kind, c.text, c.position, ct.terms AS tsv
  FROM criteria c JOIN criterion_terms ct ON ct.criterion_id = c.id
  WHERE c.standard_id = :standardId AND c.kind <> 'duty'
), clex AS (
  SELECT c.id, l.lexeme, length(c.tsv) AS size FROM crit c, unnest(c.tsv) l
), df AS (
  SELECT lexeme, ln((SELECT count(*) FROM crit)::float8 / count(*)) AS idf FROM clex GROUP BY lexeme
), ev AS (
  SELECT l.lexeme, cardinality(l.positions) AS tf
  FROM unnest(to_tsvector('english', ksb_fold(:doc))) l
), ph AS MATERIALIZED (
  SELECT p.i::int AS i, p.said_words, phraseto_tsquery('english', ksb_fold(p.phrase)) AS q,
         to_tsvector('english', ksb_fold(p.phrase)) AS v
  FROM unnest(:phrases::text[], :saidWords::int[]) WITH ORDINALITY p(phrase, said_words, i)
), vx AS (
  -- A vocabulary phrase is the standard's own wording: it counts, whole, for the criteria that
  -- contain it as a phrase (and by the rarity of its words), not word by word everywhere. Its
  -- words' rarity is summed over the square root of their number, so that a long phrase does not
  -- outweigh the evidence's own words by length alone; and a single word of the evidence ("pilot")
  -- calls it up less surely than a phrase ("proof of concept").
  SELECT c.id, ph.i,
         (SELECT coalesce(sum(df.idf), 0) / sqrt(greatest(count(*), 1))
          FROM unnest(ph.v) l JOIN df USING (lexeme))
           * CASE WHEN ph.said_words > 1 THEN 1 ELSE :oneWordWeight::float8 END AS weight
  FROM crit c JOIN ph ON c.tsv @@ ph.q
), said AS (
  SELECT DISTINCT l.lexeme FROM unnest(:said::text[]) s(phrase),
       unnest(to_tsvector('english', s.phrase)) l
), matched AS (
  SELECT cl.id, cl.lexeme, cl.size, df.idf, ev.tf
  FROM clex cl JOIN df USING (lexeme) JOIN ev USING (lexeme)
), direct AS (
  SELECT id, max(size) AS size,
         sum(power(idf, :idfPower::float8) * (1 + 0.25 * ln(tf))) AS score,
         array_agg(lexeme ORDER BY idf DESC, lexeme) AS direct,
         jsonb_object_agg(lexeme, round(idf::numeric, 3)) AS idf
  FROM matched GROUP BY id
), phrased AS (
  SELECT id, sum(weight) AS score, array_agg(i ORDER BY i) AS hits FROM vx GROUP BY id
), scored AS (
  SELECT c.id,
         (coalesce(d.score, 0) + :vocabularyWeight::float8 * coalesce(p.score, 0))
           / sqrt(greatest(length(c.tsv), 1)) AS score,
         d.direct, p.hits, d.idf
  FROM crit c LEFT JOIN direct d ON d.id = c.id LEFT JOIN phrased p ON p.id = c.id
), top_terms AS (
  SELECT array_agg(lexeme) AS terms FROM (
    SELECT ev.lexeme FROM ev LEFT JOIN df USING (lexeme)
    WHERE df.lexeme IS NOT NULL OR ev.lexeme IN (SELECT lexeme FROM said)
    ORDER BY coalesce(df.idf, 3) * (1 + ln(ev.tf)) DESC, ev.lexeme LIMIT 8) t
)
SELECT c.id, c.code, c.kind, c.text, c.position, coalesce(s.score, 0)::float8 AS text_score,
       s.direct, s.hits, s.idf,
       coalesce(cc.accepted_count, 0) >= (SELECT ${effectiveThresholdSql()}
         FROM apprenticeships a JOIN standards s ON s.id = a.standard_id
         JOIN organisations p ON p.id = a.provider_id WHERE a.id = :apprenticeshipId) AS evidenced,
       EXISTS (SELECT 1 FROM evidence_tags t
               WHERE t.evidence_id = :evidenceId::uuid AND t.criterion_id = c.id) AS claimed,
       (SELECT terms FROM top_terms) AS top_terms
FROM crit c
LEFT JOIN scored s ON s.id = c.id
LEFT JOIN coverage_counts cc ON cc.apprenticeship_id = :apprenticeshipId AND cc.criterion_id = c.id
`);

/** "Similar evidence" is looked for among the provider's most recently accepted pieces. */
export const SIMILAR_WINDOW = 1000;

/**
 * Criteria reviewers accepted on similar evidence of the same provider (never another's): among
 * its SIMILAR_WINDOW most recently accepted pieces of evidence (newest first by the status index,
 * so the work is the same at 1k or 1M rows), those whose stored terms share at least three of
 * this evidence's most telling stems (`:query`, an OR of every three of them), other than itself.
 * The query is parsed once, in a sub-select: written inline, PostgreSQL's generic plan for the
 * prepared statement (from its sixth run on a connection) parsed the 56 triples again for each of
 * the 1,000 rows, 80 ms instead of 5 on a PostgreSQL server at 100k evidence rows.
 */
export const SIMILAR_SQL = prepared(`
SELECT t.criterion_id AS id, count(*)::int AS accepted
FROM (
  SELECT e.id, e.terms FROM evidence e JOIN apprenticeships a ON a.id = e.apprenticeship_id
  WHERE e.status = 'accepted' AND a.provider_id = :providerId
  ORDER BY e.submitted_at DESC LIMIT ${SIMILAR_WINDOW}
) s
JOIN evidence_tags t ON t.evidence_id = s.id AND t.status = 'accepted'
WHERE s.terms @@ (SELECT to_tsquery('simple', :query))
  AND (:evidenceId::uuid IS NULL OR s.id <> :evidenceId::uuid)
GROUP BY t.criterion_id
`);

/** Stems shared three at a time: `(a & b & c) | (a & b & d) | …`; null when fewer than three. */
export function similarQuery(terms: string[]): string | null {
  const safe = terms.filter((t) => /^[a-z0-9]+$/.test(t)).slice(0, 8);
  if (safe.length < 3) return null;
  const triples: string[] = [];
  for (let i = 0; i < safe.length; i++)
    for (let j = i + 1; j < safe.length; j++)
      for (let k = j + 1; k < safe.length; k++)
        triples.push(`('${safe[i]}' & '${safe[j]}' & '${safe[k]}')`);
  return triples.join(' | ');
}
