import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { PortfolioContent } from '../portfolio/portfolio-content.js';
import type { PortfolioSnapshotEntity } from './portfolio-snapshot.entity.js';
import { folderName, safeFileName, snapshotArchive } from './snapshot-archive.js';
import { buildPortfolio } from '../../../test/support/portfolio-fixtures.js';
import { readZip } from '../../../test/support/zip-reader.js';

describe('gateway pack names', () => {
  it('names a folder by reference and title, in any script', () => {
    expect(folderName('E3', 'Bias audit: the credit model (v2)')).toBe(
      'E3-bias-audit-the-credit-model-v2',
    );
    expect(folderName('E4', '模型评估报告')).toBe('E4-模型评估报告');
    expect(folderName('E5', '!!!')).toBe('E5');
    expect(folderName('E6', 'x'.repeat(100))).toBe(`E6-${'x'.repeat(48)}`);
  });

  it('cuts a long title after the last whole word that fits in 48 characters', () => {
    // The demo's titles, which were cut to "…operations-boar" and "…returns-fraud-class".
    expect(folderName('E11', 'Handover and presentation to the operations board')).toBe(
      'E11-handover-and-presentation-to-the-operations',
    );
    expect(folderName('E3', 'Evaluation and tuning of the returns-fraud classifier')).toBe(
      'E3-evaluation-and-tuning-of-the-returns-fraud',
    );
    // A word that ends at the limit is kept whole; a title of one long word is cut in it.
    expect(folderName('E7', `${'a'.repeat(48)} b`)).toBe(`E7-${'a'.repeat(48)}`);
    expect(folderName('E8', '模'.repeat(60))).toBe(`E8-${'模'.repeat(48)}`);
    for (const title of ['Handover and presentation to the operations board', 'é '.repeat(40)]) {
      const slug = folderName('E1', title).slice('E1-'.length);
      expect([...slug].length).toBeLessThanOrEqual(48);
      expect(slug).not.toMatch(/-$/);
    }
  });

  it('keeps a file name inside its folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a\\b:c*?.txt')).toBe('a_b_c__.txt');
    expect(safeFileName('\u0000')).toBe('_');
    expect(safeFileName('...')).toBe('file');
  });
});

describe('gateway pack manifest', () => {
  it('gives evidence without files no folder: folder is null, and the archive has none', async () => {
    const doc = buildPortfolio({ kind: 'gateway', evidence: 3 });
    const content = {
      ...doc,
      evidence: doc.evidence.map((e, i) => ({
        ...e,
        id: `evidence-${i}`,
        files:
          i === 1
            ? []
            : e.files.map(({ name, mediaType, sha256 }) => ({
                id: `file-${i}`,
                storageKey: `files/${i}/${name}`,
                name,
                mediaType,
                size: 5,
                sha256,
              })),
      })),
    } as unknown as PortfolioContent;
    content.evidence[1].title = 'Handover and presentation to the operations board';
    const snapshot = {
      id: 'snapshot-1',
      contentSha256: 'c'.repeat(64),
      pdfStorageKey: 'pdfs/snapshot-1.pdf',
      pdfSha256: 'p'.repeat(64),
      pdfSize: 5,
      overrideReason: null,
      createdAt: new Date('2025-11-03T09:30:00Z'),
    } as PortfolioSnapshotEntity;
    const zip = await buffer(
      snapshotArchive({
        snapshot,
        content,
        pdfName: 'portfolio.pdf',
        open: () => Promise.resolve(Readable.from([Buffer.from('bytes')])),
      }),
    );
    const entries = readZip(zip);
    const manifest = JSON.parse(entries.at(-1)!.content.toString('utf8'));
    expect(
      manifest.evidence.map((e: { reference: string; folder: string | null }) => [
        e.reference,
        e.folder,
      ]),
    ).toEqual([
      ['E1', 'E1-customer-churn-model-feature-pipeline'],
      ['E2', null],
      ['E3', 'E3-data-protection-impact-assessment'],
    ]);
    expect(manifest.evidence[1].files).toEqual([]);
    // Every folder the manifest names is in the archive, with every file it lists.
    const names = new Set(entries.map((e) => e.name));
    for (const e of manifest.evidence) {
      for (const file of e.files) {
        expect(file.path.startsWith(`${e.folder}/`)).toBe(true);
        expect(names.has(file.path)).toBe(true);
      }
    }
    expect([...names].filter((name) => name.startsWith('E2'))).toEqual([]);
  });
});
