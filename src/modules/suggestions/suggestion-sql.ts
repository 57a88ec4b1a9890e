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

/** "Similar evidence" is looked for among the provider's most recently accepted pieces. */
export const SIMILAR_WINDOW = 1000;
/** The evidence's own words it is compared by: its most frequent stems (longest first on a tie). */
export const SIMILAR_TERMS = 32;
/** How many of the most similar pieces count… */
export const SIMILAR_NEIGHBOURS = 5;
/**
 * …and only those this similar, so that "accepted for similar evidence" stays true. On SIMILAR_SQL's
 * measure, among the labelled set's tuning items: the nearest other item is 0.11–0.47 (median
 * 0.22), the fifth nearest 0.08–0.17 (median 0.11); three everyday words in common are under 0.1.
 */
export const SIMILAR_AT_LEAST = 0.1;

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
)
SELECT c.id, c.code, c.kind, c.text, c.position, coalesce(s.score, 0)::float8 AS text_score,
       s.direct, s.hits, s.idf,
       coalesce(cc.accepted_count, 0) >= (SELECT ${effectiveThresholdSql()}
         FROM apprenticeships a JOIN standards s ON s.id = a.standard_id
         JOIN organisations p ON p.id = a.provider_id WHERE a.id = :apprenticeshipId) AS evidenced,
       EXISTS (SELECT 1 FROM evidence_tags t
               WHERE t.evidence_id = :evidenceId::uuid AND t.criterion_id = c.id) AS claimed
FROM crit c
LEFT JOIN scored s ON s.id = c.id
LEFT JOIN coverage_counts cc ON cc.apprenticeship_id = :apprenticeshipId AND cc.criterion_id = c.id
`);

/**
 * What reviewers accepted on the most similar evidence of the same provider (never another's):
 * among its SIMILAR_WINDOW most recently accepted pieces of evidence (newest first by the status
 * index, so the work is the same at 1k or 1M rows), other than this one, the SIMILAR_NEIGHBOURS
 * whose own words (`evidence.terms`: title, description, links) share most of the SIMILAR_TERMS
 * most frequent stems of this evidence's own words (`:own`). Each shared stem counts by its rarity
 * in that window (smoothed idf, so that a provider with a single accepted piece still counts it),
 * over the square roots of the stems' weights and of the other piece's length. Files' words are
 * left out on both sides: a report's thousands of words would drown what the apprentice wrote.
 * For each criterion accepted there: on how many of those pieces (`accepted`, the count a reason
 * gives), and the sum of their similarity (`weight`, what the ranking adds). The stems are
 * checked one by one against each stored tsvector (32 × 1,000 lookups: 10.8 ms in EXPLAIN ANALYZE
 * on a PostgreSQL server at 100k evidence rows; 15.9 ms with `q` inlined, its casts then made
 * once per pair).
 */
export const SIMILAR_SQL = prepared(`
WITH q AS MATERIALIZED (
  SELECT l.lexeme, quote_literal(l.lexeme)::tsquery AS query
  FROM unnest(to_tsvector('english', ksb_fold(:own))) l
  ORDER BY cardinality(l.positions) DESC, length(l.lexeme) DESC, l.lexeme LIMIT ${SIMILAR_TERMS}
), recent AS MATERIALIZED (
  SELECT e.id, e.terms FROM evidence e JOIN apprenticeships a ON a.id = e.apprenticeship_id
  WHERE e.status = 'accepted' AND a.provider_id = :providerId
    AND (:evidenceId::uuid IS NULL OR e.id <> :evidenceId::uuid)
  ORDER BY e.submitted_at DESC LIMIT ${SIMILAR_WINDOW}
), shared AS MATERIALIZED (
  SELECT r.id, length(r.terms) AS size, q.lexeme FROM recent r JOIN q ON r.terms @@ q.query
), idf AS (
  SELECT lexeme, ln(1 + (SELECT count(*) FROM recent)::float8 / count(*)) AS idf
  FROM shared GROUP BY lexeme
), near AS (
  SELECT s.id, sum(idf.idf) / sqrt((SELECT sum(idf * idf) FROM idf) * max(s.size)) AS similarity
  FROM shared s JOIN idf USING (lexeme) GROUP BY s.id
  ORDER BY similarity DESC, s.id LIMIT ${SIMILAR_NEIGHBOURS}
)
SELECT t.criterion_id AS id, count(*)::int AS accepted, sum(s.similarity)::float8 AS weight
FROM near s JOIN evidence_tags t ON t.evidence_id = s.id AND t.status = 'accepted'
WHERE s.similarity >= ${SIMILAR_AT_LEAST}
GROUP BY t.criterion_id
`);
