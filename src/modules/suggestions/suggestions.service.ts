import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { FileTextService, type UnsavedFile } from '../evidence/file-text.service.js';
import { DraftSuggestionsDto, SuggestionDto, SuggestionsDto } from './dto/suggestion.dto.js';
import {
  IDF_POWER,
  ONE_WORD_WEIGHT,
  RANK_SQL,
  RankedRow,
  SIMILAR_SQL,
  VOCABULARY_WEIGHT,
} from './suggestion-sql.js';
import { reasonText, StemWords, topPhrases } from './suggestion-reasons.js';
import { vocabularyFor, vocabularyHits } from './vocabulary.js';
import type { VocabularyHit } from './vocabulary.js';

/** The evidence's own words considered, at most (its files' words are capped at upload too). */
const MAX_DOC_CHARS = 200_000;
/**
 * How much what reviewers accepted on similar evidence adds, per unit of similarity (SIMILAR_SQL:
 * the nearest piece is typically 0.2, the words' scores of the top suggestions 10–25). Chosen on
 * the labelled set's tuning part alone, each item with the other tuning items as the provider's
 * history (bench/suggestions.bench.ts --details=tune).
 */
const SIMILAR_WEIGHT = 12;
/** Below this a match is one common word: not a suggestion. */
export const MIN_SCORE = 0.45;

interface Similar {
  accepted: number;
  weight: number;
}

interface Subject {
  apprenticeshipId: string;
  providerId: string;
  standardId: string;
  code: string;
  version: string;
  evidenceId: string | null;
  /**
   * Its own words: title, description, and links cut to their paths (ksb_own_words); what
   * "similar evidence" compares.
   */
  own: string;
  /** Its own words and its files' words (what the criteria are ranked by). */
  text: string;
}

/**
 * Suggested criteria for evidence: what its words (and its files' words) show, in the standard's
 * terms, ranked in the database, each with the reason in words. Access is checked by the routes.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly db: Database,
    private readonly fileText: FileTextService,
  ) {}

  async forEvidence(evidenceId: string): Promise<SuggestionsDto> {
    await this.fileText.ensureExtracted([evidenceId]);
    type Found = Omit<Subject, 'text' | 'evidenceId'> & { filesText: string | null };
    const [found] = await this.db.query<Found[]>(
      `SELECT e.apprenticeship_id AS "apprenticeshipId", a.provider_id AS "providerId",
              s.id AS "standardId", s.code, s.version,
              ksb_own_words(e.title, e.description, e.links) AS own,
              (SELECT left(string_agg(f.extracted_text, E'\\n' ORDER BY f.created_at), $2)
               FROM evidence_files f WHERE f.evidence_id = e.id) AS "filesText"
       FROM evidence e JOIN apprenticeships a ON a.id = e.apprenticeship_id
       JOIN standards s ON s.id = a.standard_id WHERE e.id = $1`,
      [evidenceId, MAX_DOC_CHARS],
    );
    if (!found) throw AppError.notFound('Evidence');
    const { filesText, ...row } = found;
    const text = `${row.own}\n${filesText ?? ''}`.slice(0, MAX_DOC_CHARS);
    return this.rank({ ...row, evidenceId, text });
  }

  /**
   * For words not saved yet. `changing`: the saved evidence they will replace, which is then not
   * its own "similar evidence", and whose claims are marked. `unsaved`: files uploaded with the
   * request that asks (the pages' "suggest" button), read for their words and kept nowhere.
   */
  async forDraft(
    apprenticeshipId: string,
    draft: DraftSuggestionsDto,
    { changing, unsaved = [] }: { changing?: string; unsaved?: readonly UnsavedFile[] } = {},
  ): Promise<SuggestionsDto> {
    const [row] = await this.db.query<Omit<Subject, 'text' | 'evidenceId'>[]>(
      `SELECT a.id AS "apprenticeshipId", a.provider_id AS "providerId", s.id AS "standardId",
              s.code, s.version, ksb_own_words($2, $3, $4::text[]) AS own
       FROM apprenticeships a JOIN standards s ON s.id = a.standard_id WHERE a.id = $1`,
      [apprenticeshipId, draft.title, draft.description ?? '', draft.links ?? []],
    );
    if (!row) throw AppError.notFound('Apprenticeship');
    const fileIds = [...new Set(draft.fileIds ?? [])];
    let filesText = '';
    if (fileIds.length) {
      const files = await this.db.query<{ id: string; evidence_id: string }[]>(
        `SELECT f.id, f.evidence_id FROM evidence_files f JOIN evidence e ON e.id = f.evidence_id
         WHERE f.id = ANY($1::uuid[]) AND e.apprenticeship_id = $2`,
        [fileIds, apprenticeshipId],
      );
      // Another apprenticeship's file is as unknown as one that does not exist.
      const unknown = fileIds.findIndex((id) => !files.some((f) => f.id === id));
      if (unknown >= 0) {
        throw AppError.field(`fileIds.${unknown}`, 'must be a file of this apprenticeship');
      }
      await this.fileText.ensureExtracted([...new Set(files.map((f) => f.evidence_id))]);
      const [texts] = await this.db.query<{ text: string | null }[]>(
        `SELECT string_agg(extracted_text, E'\\n' ORDER BY created_at) AS text
         FROM evidence_files WHERE id = ANY($1::uuid[])`,
        [fileIds],
      );
      filesText = texts?.text ?? '';
    }
    if (unsaved.length) {
      filesText = `${filesText}\n${await this.fileText.readUnsaved(unsaved)}`;
    }
    const text = `${row.own}\n${filesText}`.slice(0, MAX_DOC_CHARS);
    const ranked = await this.rank({ ...row, evidenceId: changing ?? null, text });
    return { ...ranked, evidenceId: null };
  }

  private async rank(subject: Subject): Promise<SuggestionsDto> {
    const hits = vocabularyHits(subject.text, vocabularyFor(subject.code, subject.version));
    const rows = await this.db.queryNamed<RankedRow>(RANK_SQL, {
      standardId: subject.standardId,
      doc: subject.text,
      phrases: hits.map((h) => h.standard),
      saidWords: hits.map((h) => h.said.split(' ').length),
      vocabularyWeight: VOCABULARY_WEIGHT,
      oneWordWeight: ONE_WORD_WEIGHT,
      idfPower: IDF_POWER,
      apprenticeshipId: subject.apprenticeshipId,
      evidenceId: subject.evidenceId,
    });
    const similar = await this.similar(subject);
    const direct = new Set(rows.flatMap((r) => r.direct ?? []));
    const words = new StemWords(subject.text, direct);
    const suggestions = rows
      .map((r) => this.suggestion(r, hits, words, similar.get(r.id)))
      .filter((s) => s.score >= MIN_SCORE);
    // Ties: gaps first, then the standard's own order (the rows' order is the plan's).
    const position = new Map(rows.map((r) => [r.code, r.position]));
    suggestions.sort(
      (a, b) =>
        b.score - a.score ||
        Number(a.evidenced) - Number(b.evidenced) ||
        position.get(a.code)! - position.get(b.code)!,
    );
    return { evidenceId: subject.evidenceId, suggestions };
  }

  /** By criterion: on how many similar pieces of evidence it was accepted, and their weight. */
  private async similar(subject: Subject): Promise<Map<string, Similar>> {
    const rows = await this.db.queryNamed<Similar & { id: string }>(SIMILAR_SQL, {
      own: subject.own,
      providerId: subject.providerId,
      evidenceId: subject.evidenceId,
    });
    return new Map(rows.map((r) => [r.id, r]));
  }

  private suggestion(
    r: RankedRow,
    hits: VocabularyHit[],
    words: StemWords,
    similar: Similar = { accepted: 0, weight: 0 },
  ): SuggestionDto {
    const acceptedForSimilar = similar.accepted;
    const idf = r.idf ?? {};
    const phrases = topPhrases(words.phrases(new Set(r.direct ?? []), (s) => idf[s] ?? 0));
    const hitIndexes = new Set(r.hits ?? []);
    const vocabulary = hits.filter((_, i) => hitIndexes.has(i + 1));
    const score = r.text_score + SIMILAR_WEIGHT * similar.weight;
    return {
      code: r.code,
      kind: r.kind as SuggestionDto['kind'],
      text: r.text,
      score: Math.round(score * 100) / 100,
      reason: reasonText({ phrases, vocabulary, acceptedForSimilar }),
      matchedPhrases: [...new Set([...phrases, ...vocabulary.map((h) => h.said)])],
      standardPhrases: [...new Set(vocabulary.map((h) => h.standard))],
      acceptedForSimilar,
      evidenced: r.evidenced,
      claimed: r.claimed,
    };
  }
}
