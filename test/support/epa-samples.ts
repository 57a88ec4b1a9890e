import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PortfolioFile } from '../../src/modules/portfolio/pdf/portfolio-document.js';
import { makePng } from './portfolio-fixtures.js';

/** Evidence files of an ML apprentice: a notebook with a plot, a script, a CSV, a report PDF. */

export function notebook(plot: Buffer = makePng(120, 80, 7), seed = 1): Buffer {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
    cells: [
      {
        cell_type: 'markdown',
        metadata: {},
        source: ['# Churn model evaluation\n', '\n', 'We compare **two** models.'],
      },
      {
        cell_type: 'code',
        execution_count: 3,
        metadata: {},
        source: ['import pandas as pd\n', `df = pd.read_csv("churn-${seed}.csv")\n`, 'df.shape'],
        outputs: [
          {
            output_type: 'execute_result',
            execution_count: 3,
            metadata: {},
            data: { 'text/plain': ['(7043, 21)'] },
          },
        ],
      },
      {
        cell_type: 'code',
        execution_count: 4,
        metadata: {},
        source: 'for epoch in range(2):\n    print(f"epoch {epoch} loss 0.4{epoch}")',
        outputs: [
          {
            output_type: 'stream',
            name: 'stdout',
            text: ['epoch 0 loss 0.40\n', 'epoch 1 loss 0.41\n'],
          },
        ],
      },
      {
        cell_type: 'code',
        execution_count: 5,
        metadata: {},
        source: ['plt.plot(history.loss)'],
        outputs: [
          {
            output_type: 'display_data',
            metadata: {},
            data: { 'image/png': plot.toString('base64'), 'text/plain': ['<Figure>'] },
          },
        ],
      },
      {
        cell_type: 'code',
        execution_count: 6,
        metadata: {},
        source: ['1 / 0'],
        outputs: [
          {
            output_type: 'error',
            ename: 'ZeroDivisionError',
            evalue: 'division by zero',
            traceback: ['\u001b[0;31mZeroDivisionError\u001b[0m: division by zero'],
          },
        ],
      },
    ],
  };
  return Buffer.from(JSON.stringify(nb, null, 1));
}

export const script = (lines = 30): Buffer =>
  Buffer.from(
    [
      'import numpy as np',
      '',
      'def train(x, y):',
      '\t"""Fits the model."""',
      '    return np.linalg.lstsq(x, y)',
    ]
      .concat(
        Array.from(
          { length: Math.max(0, lines - 5) },
          (_, i) => `# step ${i + 6}: tune learning rate ${i}`,
        ),
      )
      .join('\n') + '\n',
  );

export const csv = (rows = 5): Buffer =>
  Buffer.from(
    'customer_id,tenure,"monthly, charges",churn\n' +
      Array.from(
        { length: rows },
        (_, i) => `C${i + 1},${i + 3},${(20 + i).toFixed(2)},${i % 2 ? 'yes' : 'no'}`,
      ).join('\n'),
  );

/** A PDF of `pages` pages, each saying "Report page N"; the same bytes every time. */
export async function reportPdf(pages = 3, title = 'Evaluation report'): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawText(`${title}: report page ${i}`, { x: 60, y: 760, size: 20, font });
    page.drawRectangle({ x: 60, y: 400, width: 200, height: 120, borderWidth: 2 });
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

export function fileOf(name: string, mediaType: string, bytes: Buffer): PortfolioFile {
  return {
    name,
    mediaType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    read: () => bytes,
  };
}
