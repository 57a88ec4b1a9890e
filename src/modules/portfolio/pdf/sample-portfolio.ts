import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { CATALOGUE_DIR } from '../../standards/catalogue-files.js';
import type {
  PortfolioCriterion,
  PortfolioDocument,
  PortfolioEvidence,
  PortfolioTag,
} from './portfolio-document.js';
import type { CoverageStatus, TagStatus } from '../../../common/vocabulary.js';

/**
 * Made-up portfolios, deterministic and of any size: a PDF worker renders a small one as it starts
 * (warmUpRendering), so the first real PDF does not pay for loading the renderer's code, decoding
 * the fonts' tables and compiling its hot paths (measured: a 60-evidence PDF took 786 ms first and
 * ~400 ms after; 440 ms first after a 6-evidence warm-up); the renderer's tests and benches use
 * them as fixtures (test/support/portfolio-fixtures.ts).
 */
export interface FixtureOptions {
  kind?: 'draft' | 'gateway';
  apprentice?: string;
  evidence?: number;
  tagsPerEvidence?: number;
  /** Which evidence (0-based) carry an image, and its bytes. */
  image?: (index: number) => Buffer | undefined;
}

const TITLES = [
  'Customer churn model: feature pipeline',
  'Model monitoring dashboard for drift',
  'Data protection impact assessment',
  'Retraining pipeline with MLflow',
  'Presentation to the data governance board',
  'Witness testimony: incident post-mortem',
  'Bias audit of the credit scoring model',
  'Evaluation report: transformer vs. gradient boosting',
];

export function st1398Criteria(): Omit<PortfolioCriterion, 'status'>[] {
  const path = join(CATALOGUE_DIR, 'ST1398-1.0.json');
  const standard = JSON.parse(readFileSync(path, 'utf8')) as {
    criteria: Omit<PortfolioCriterion, 'status'>[];
  };
  return standard.criteria.map(({ kind, code, text }) => ({ kind, code, text }));
}

export function buildPortfolio(options: FixtureOptions = {}): PortfolioDocument {
  const kind = options.kind ?? 'draft';
  const criteria = st1398Criteria();
  const evidence: PortfolioEvidence[] = [];
  for (let i = 0; i < (options.evidence ?? 6); i++) {
    const tags: PortfolioTag[] = [];
    for (let j = 0; j < (options.tagsPerEvidence ?? 4); j++) {
      const code = criteria[(i * 7 + j * 13) % criteria.length].code;
      if (tags.some((t) => t.code === code)) continue;
      tags.push(tag(code, kind === 'gateway' ? 'accepted' : statusFor(i, j), i, j));
    }
    const image = options.image?.(i);
    const title = TITLES[i % TITLES.length] + (i >= TITLES.length ? ` (part ${i + 1})` : '');
    evidence.push({
      reference: `E${i + 1}`,
      title,
      kind: (['project', 'report', 'code', 'witness_testimony'] as const)[i % 4],
      activityDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      status:
        kind === 'gateway' ? 'accepted' : (['accepted', 'submitted', 'draft'] as const)[i % 3],
      description:
        `I designed and built ${title.toLowerCase()} for the retail analytics team. ` +
        'The work covered data sourcing, feature engineering, evaluation against a holdout set and ' +
        'a hand-over to the platform team.\n\nReviewed with my line manager 王芳 and the data ' +
        'protection officer. Lessons learnt are recorded in the team wiki.',
      links: [`https://git.example.com/retail/churn-model/merge_requests/${100 + i}`],
      tags,
      files: [
        {
          name: `report-${i + 1}.pdf`,
          mediaType: 'application/pdf',
          size: 48_213 + i * 1_000,
          sha256: sha256(`report-${i}`),
        },
        ...(image
          ? [
              {
                name: `screenshot-${i + 1}.png`,
                mediaType: 'image/png',
                size: image.length,
                sha256: sha256(image),
                image: () => image,
              },
            ]
          : []),
      ],
    });
  }
  return {
    kind,
    generatedAt: '2025-11-03T09:30:00Z',
    ...(kind === 'gateway'
      ? {
          snapshot: {
            id: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
            sha256OfContent: sha256('frozen snapshot content'),
            frozenAt: '2025-11-03T09:30:00Z',
            frozenBy: 'Priya Sharma',
          },
        }
      : {}),
    apprentice: {
      name: options.apprentice ?? 'Zoë Łukasiewicz',
      uln: '1234567890',
      email: 'zoe@example.com',
    },
    employer: { name: 'Northwind Retail Ltd' },
    provider: { name: 'Skills Academy', ukprn: '10012345' },
    assessor: { organisation: 'EPA Partners', name: 'Dr. Amal Haddad' },
    standard: { code: 'ST1398', version: '1.0', title: 'Machine Learning Engineer', level: 6 },
    dates: {
      start: '2024-01-15',
      plannedGateway: '2025-11-01',
      ...(kind === 'gateway' ? { gateway: '2025-11-03' } : {}),
    },
    criteria: criteria.map((c) => ({ ...c, status: coverage(c.code, evidence) })),
    evidence,
    declarations:
      kind === 'gateway'
        ? [
            {
              role: 'apprentice',
              name: options.apprentice ?? 'Zoë Łukasiewicz',
              signedAt: '2025-10-30',
            },
            { role: 'employer', name: '王芳', jobTitle: 'Line manager', signedAt: '2025-10-31' },
            {
              role: 'provider',
              name: 'Priya Sharma',
              jobTitle: 'Skills coach',
              signedAt: '2025-11-03',
            },
          ]
        : [],
  };
}

function statusFor(i: number, j: number): TagStatus {
  return (['accepted', 'accepted', 'claimed', 'rejected'] as const)[(i + j) % 4];
}

function tag(code: string, status: TagStatus, i: number, j: number): PortfolioTag {
  return {
    code,
    status,
    justification: `In evidence ${i + 1} I applied ${code} when I ${['chose', 'tested', 'documented', 'explained'][j % 4]} the approach; see section ${j + 1} of the report.`,
    ...(status === 'claimed'
      ? {}
      : { decidedBy: 'Priya Sharma', decidedAt: '2025-06-12T14:05:00Z' }),
    ...(status === 'rejected'
      ? { reason: 'The report describes the team’s work; your own contribution is not clear.' }
      : {}),
  };
}

function coverage(code: string, evidence: PortfolioEvidence[]): CoverageStatus {
  const tags = evidence.flatMap((e) => e.tags.filter((t) => t.code === code));
  if (tags.some((t) => t.status === 'accepted')) return 'evidenced';
  return tags.some((t) => t.status === 'claimed') ? 'claimed' : 'missing';
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * An RGB (or, with `alpha`, RGBA) PNG: a colour gradient plus seeded noise of the given strength
 * (0–255). Strong noise makes the file incompressible, which is how the benchmark gets 1–2 MB
 * images. The alpha channel, when asked for, fades from opaque to half-transparent.
 */
export function makePng(width: number, height: number, seed = 1, noise = 0, alpha = false) {
  const channels = alpha ? 4 : 3;
  const stride = width * channels + 1;
  const raw = Buffer.alloc(stride * height);
  let state = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const n = noise ? (state >>> 0) % (noise + 1) : 0;
      const p = y * stride + 1 + x * channels;
      raw[p] = ((x * 255) / width + n) & 255;
      raw[p + 1] = ((y * 255) / height + (n >> 1)) & 255;
      raw[p + 2] = (160 + n * 3) & 255;
      if (alpha) raw[p + 3] = 255 - Math.round((x * 128) / width);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: noise ? 1 : 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
