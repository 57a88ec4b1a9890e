/**
 * The demo evidence's files, made as the demo is seeded (nothing binary is committed): what an ML
 * apprentice uploads — an evaluation report (PDF) with its results (CSV), a notebook with its
 * plot, the pipeline's code, a photo of a workshop whiteboard taken with the phone on its side —
 * so that the evidence pages, the draft PDF and the EPA pack show each kind of file as it is
 * rendered and attached. The same bytes on every run. sharp and pdfkit are loaded only here, when
 * a demo is seeded.
 */
import { featureNotebook, PIPELINE_PY } from './demo-notebook.js';

export interface DemoFile {
  name: string;
  bytes: Buffer;
}

/** A fixed date for the files' own metadata, so the bytes never depend on the clock. */
const MADE = new Date('2026-03-16T09:00:00Z');

const REPORT: { heading: string; paragraphs: string[] }[] = [
  {
    heading: '1. The problem',
    paragraphs: [
      'The retention team can call about one customer in five each month. They asked which customers to call: those most likely to cancel within 60 days, among whom an offer still changes the outcome.',
      'We agreed with the team that a model is useful if it finds more of the customers who cancel than the current rule (tenure under 12 months and a complaint in the last quarter), at the same number of calls.',
    ],
  },
  {
    heading: '2. Data',
    paragraphs: [
      '24 months of account, usage and billing records for 7,043 customers, joined on the customer id in the warehouse. Churn is a cancellation within 60 days of the snapshot date. 26.5% of customers churned.',
      'Personal data is limited to what the purpose needs (no names or contact details leave the warehouse); the data protection officer approved the processing on 2 March 2026.',
    ],
  },
  {
    heading: '3. Metric',
    paragraphs: [
      'Recall at a 20% contact rate: of the customers who cancelled, the share found among the 20% the model ranks highest. Accuracy was rejected: a model that predicts "stays" for everyone is 73.5% accurate and useless to the team.',
    ],
  },
  {
    heading: '4. Results (5-fold cross-validation, time-ordered)',
    paragraphs: [
      'Current rule: recall 0.34, precision 0.45.',
      'Logistic regression: recall 0.52 (±0.02), precision 0.41, ROC AUC 0.81.',
      'Gradient boosting: recall 0.61 (±0.02), precision 0.48, ROC AUC 0.86.',
      'Gradient boosting finds 27 percentage points more of the customers who cancel than the current rule, at the same number of calls. Per fold figures are in model-comparison.csv.',
    ],
  },
  {
    heading: '5. Decision and next steps',
    paragraphs: [
      'We recommended gradient boosting, with logistic regression kept as the baseline in monitoring. Before deployment: a fairness review across age bands and regions, a model card, and drift monitoring on the ten most important features.',
      'Limitations: the data covers a period with one price rise, so the model has not seen a second; we will retrain quarterly and compare against the baseline each time.',
    ],
  },
];

export interface DemoReport {
  title: string;
  subtitle: string;
  byline: string;
  sections: { heading: string; paragraphs: string[] }[];
  /** Index of the section that starts the second page, if any. */
  pageBreakBefore?: number;
  /** The date in the file's own metadata (fixed, so the bytes never depend on the clock). */
  made?: Date;
}

/** A short report as a PDF, as a word processor would export it (pdfkit's built-in fonts). */
export async function reportPdf(report: DemoReport): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: {
      Title: `${report.title}: ${report.subtitle}`,
      CreationDate: report.made ?? MADE,
      ModDate: report.made ?? MADE,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font('Helvetica-Bold').fontSize(20).text(report.title);
  doc.font('Helvetica').fontSize(13).text(report.subtitle);
  doc.fontSize(10).fillColor('#555555').text(report.byline);
  doc.moveDown(1.5).fillColor('#000000');
  for (const [i, section] of report.sections.entries()) {
    if (i === report.pageBreakBefore) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).text(section.heading).moveDown(0.4);
    for (const paragraph of section.paragraphs) {
      doc.font('Helvetica').fontSize(11).text(paragraph, { lineGap: 2 }).moveDown(0.6);
    }
    doc.moveDown(0.6);
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The per-fold figures behind the report's results. */
function comparisonCsv(): Buffer {
  const rows = [['model', 'fold', 'recall_at_20pct', 'precision_at_20pct', 'roc_auc']];
  const models: [string, number, number, number][] = [
    ['current_rule', 0.34, 0.45, 0],
    ['logistic_regression', 0.52, 0.41, 0.81],
    ['gradient_boosting', 0.61, 0.48, 0.86],
  ];
  for (const [model, recall, precision, auc] of models) {
    for (let fold = 1; fold <= 5; fold++) {
      const wobble = ((fold * 7) % 5) / 100 - 0.02;
      rows.push([
        model,
        String(fold),
        (recall + wobble).toFixed(2),
        (precision + wobble / 2).toFixed(2),
        auc ? (auc + wobble / 2).toFixed(3) : '',
      ]);
    }
  }
  return Buffer.from(rows.map((row) => row.join(',')).join('\n') + '\n');
}

/**
 * A photo of the fairness workshop's whiteboard (sticky notes by age band and region, arrows to
 * the mitigations), stored on its side with the EXIF orientation a phone writes (6: turn it a
 * quarter clockwise): the PDF shows it upright.
 */
async function whiteboardPhoto(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const [w, h] = [1600, 1200];
  const notes = ['#fff176', '#81d4fa', '#a5d6a7', '#ffab91']
    .flatMap((colour, column) =>
      [0, 1, 2].map(
        (row) =>
          `<rect x="${120 + column * 260}" y="${160 + row * 240}" width="200" height="170" fill="${colour}" transform="rotate(${((column + row) % 3) - 1} ${220 + column * 260} ${245 + row * 240})"/>` +
          `<path d="M${140 + column * 260},${200 + row * 240} h150 M${140 + column * 260},${240 + row * 240} h120" stroke="#444" stroke-width="5"/>`,
      ),
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="${w}" height="${h}" fill="#ecefef"/>
    <rect x="60" y="80" width="${w - 120}" height="${h - 160}" fill="#fbfbfb" stroke="#9e9e9e" stroke-width="14"/>
    ${notes}
    <path d="M1160,300 C1250,300 1260,420 1340,420 M1160,780 C1250,780 1260,620 1340,620" fill="none" stroke="#c62828" stroke-width="8"/>
    <rect x="1340" y="360" width="150" height="320" fill="none" stroke="#c62828" stroke-width="8"/>
  </svg>`;
  return sharp(Buffer.from(svg))
    .rotate(270)
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** The files of the demo's evidence of this kind (it has one of each). */
export async function demoFiles(
  kind: 'report' | 'code' | 'witness_testimony',
): Promise<DemoFile[]> {
  switch (kind) {
    case 'report':
      return [
        {
          name: 'churn-evaluation-report.pdf',
          bytes: await reportPdf({
            title: 'Customer churn model',
            subtitle: 'Problem framing and evaluation report',
            byline: 'Data Science team, Acme Analytics Ltd. March 2026',
            sections: REPORT,
            pageBreakBefore: 3,
          }),
        },
        { name: 'model-comparison.csv', bytes: comparisonCsv() },
      ];
    case 'code':
      return [
        { name: 'churn-features-v2.ipynb', bytes: await featureNotebook() },
        { name: 'churn_features.py', bytes: PIPELINE_PY },
      ];
    case 'witness_testimony':
      return [{ name: 'fairness-workshop-whiteboard.jpg', bytes: await whiteboardPhoto() }];
  }
}
