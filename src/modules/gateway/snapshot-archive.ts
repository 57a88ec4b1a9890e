import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { neutraliseFormula, toCsv } from '../../common/http/csv.js';
import type { PortfolioContent } from '../portfolio/portfolio-content.js';
import type { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';

/** Stored as they are: compressing them again gains nothing and costs CPU. */
const PRECOMPRESSED = /^(image\/(png|jpeg|gif|webp)|application\/pdf|video\/|application\/vnd\.)/;

export const MANIFEST_FORMAT = 'ksb-portfolio-epa-pack/1';

export interface ArchiveSources {
  snapshot: PortfolioSnapshotEntity;
  content: PortfolioContent;
  pdfName: string;
  /** Opens a stored file; called for one entry at a time, as the archive reaches it. */
  open(storageKey: string): Promise<Readable>;
}

/**
 * The gateway pack as a ZIP, streamed: the gateway PDF, every original file in a folder per
 * evidence with files (`E1-title/name`), the KSB × evidence mapping as CSV and a manifest with
 * every file's SHA-256 and the snapshot's hash. Every entry is dated with the snapshot's frozenAt
 * and the order is the content's, so every download of one snapshot is the same bytes.
 */
export function snapshotArchive(sources: ArchiveSources): Readable {
  const { snapshot, content } = sources;
  const zip = new yazl.ZipFile();
  const mtime = new Date(snapshot.createdAt);
  const lazy = (path: string, key: string, size: number, compress: boolean) =>
    zip.addReadStreamLazy(path, { mtime, size, compress }, (done) => {
      sources.open(key).then(
        (stream) => done(null, stream),
        (error: Error) => done(error, undefined as unknown as Readable),
      );
    });
  lazy(sources.pdfName, snapshot.pdfStorageKey, snapshot.pdfSize, false);
  const evidence = content.evidence.map((e) => {
    const packed = packedEvidence(e);
    e.files.forEach((f, i) =>
      lazy(packed.files[i].path, f.storageKey, f.size, !PRECOMPRESSED.test(f.mediaType)),
    );
    return packed;
  });
  const mapping = Buffer.from(mappingCsv(content));
  zip.addBuffer(mapping, 'ksb-mapping.csv', { mtime });
  const manifest = {
    format: MANIFEST_FORMAT,
    snapshot: {
      id: snapshot.id,
      contentSha256: snapshot.contentSha256,
      frozenAt: content.snapshot?.frozenAt ?? snapshot.createdAt.toISOString(),
      ...(content.snapshot?.frozenBy ? { frozenBy: content.snapshot.frozenBy } : {}),
      ...(snapshot.overrideReason ? { overrideReason: snapshot.overrideReason } : {}),
      ...(content.snapshot?.missingCriteria
        ? { missingCriteria: content.snapshot.missingCriteria }
        : {}),
    },
    apprentice: { name: content.apprentice.name, uln: content.apprentice.uln },
    standard: content.standard,
    pdf: { path: sources.pdfName, size: snapshot.pdfSize, sha256: snapshot.pdfSha256 },
    mapping: {
      path: 'ksb-mapping.csv',
      size: mapping.length,
      sha256: createHash('sha256').update(mapping).digest('hex'),
    },
    evidence,
  };
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime });
  zip.end();
  return zip.outputStream as Readable;
}

/**
 * One evidence as the manifest lists it: its folder in the archive and each file's path there.
 * Evidence without files has no folder in the archive, so its `folder` is null (not a name that
 * leads nowhere); the key is kept so that every evidence has the same keys.
 */
export function packedEvidence(e: PortfolioContent['evidence'][number]) {
  const folder = folderName(e.reference, e.title);
  const taken = new Set<string>();
  const files = e.files.map((f) => ({
    path: `${folder}/${uniqueName(taken, safeFileName(f.name))}`,
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
  }));
  return { reference: e.reference, title: e.title, folder: files.length ? folder : null, files };
}

/** One row per criterion: its coverage in the snapshot and each evidence's tag on it. */
export function mappingCsv(content: PortfolioContent): string {
  const refs = content.evidence.map((e) => e.reference);
  const header = ['Code', 'Kind', 'Criterion', 'Coverage', ...refs];
  const rows = content.criteria.map((c) => [
    c.code,
    c.kind,
    neutraliseFormula(c.text),
    c.status,
    ...content.evidence.map((e) => e.tags.find((t) => t.code === c.code)?.status ?? ''),
  ]);
  return toCsv([header, ...rows]);
}

/** Characters of the title a folder name keeps at most (after the reference). */
const FOLDER_TITLE_LENGTH = 48;

/**
 * "E3-Bias audit of the credit model" → "E3-bias-audit-of-the-credit-model" (letters of any script).
 * A long title is cut at the last word that fits ("…-operations", not "…-operations-boar"); only
 * a first word longer than the limit is cut inside it.
 */
export function folderName(reference: string, title: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return reference;
  const chars = [...slug];
  if (chars.length <= FOLDER_TITLE_LENGTH) return `${reference}-${slug}`;
  // One character more than fits: when it is a hyphen, the last word that fits ends right there.
  const head = chars.slice(0, FOLDER_TITLE_LENGTH + 1).join('');
  const end = head.lastIndexOf('-');
  const cut = end > 0 ? head.slice(0, end) : chars.slice(0, FOLDER_TITLE_LENGTH).join('');
  return `${reference}-${cut}`;
}

/** A name that cannot leave its folder or trouble a file system: no separators, no control characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[.\s]+/, '');
  return cleaned.slice(0, 200) || 'file';
}

function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const dot = name.lastIndexOf('.');
    candidate = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}
