import { describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { codeComments, extractText, MAX_EXTRACTED_CHARS, notebookText } from './file-text.js';

function pdfWith(lines: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    lines.forEach((line, i) => {
      if (i > 0) doc.addPage();
      doc.text(line);
    });
    doc.end();
  });
}

describe('Words read from evidence files', () => {
  it('keeps notebook markdown and code comments, never outputs or code', () => {
    const nb = JSON.stringify({
      nbformat: 4,
      cells: [
        { cell_type: 'markdown', source: '## Evaluation\nAUC by segment' },
        {
          cell_type: 'code',
          source: ['x = fit()  # tune the threshold\n'],
          outputs: [{ text: 'OUT' }],
        },
        { cell_type: 'raw', source: 'raw cell' },
      ],
    });
    const text = notebookText(nb);
    expect(text).toContain('AUC by segment');
    expect(text).toContain('tune the threshold');
    expect(text).not.toMatch(/OUT|fit\(|raw cell/);
    expect(notebookText('{not json')).toBe('');
    expect(notebookText('{"cells": 3}')).toBe('');
  });

  it('reads comments and docstrings of code, not the code', () => {
    const py = 'def f():\n    """Scores drift."""\n    return 1  # weekly\n#!/shebang\n';
    expect(codeComments(py, 'hash')).toBe('Scores drift.\nweekly');
    const ts = '/**\n * Serves the model.\n */\nconst url = "https://x";  // retries\n';
    expect(codeComments(ts, 'slash')).toBe('Serves the model.\nretries');
    expect(codeComments('SELECT 1; -- churn cohort\n/* lineage */', 'sql')).toBe(
      'churn cohort\nlineage',
    );
  });

  it('reads the text of each PDF page', async () => {
    const pdf = await pdfWith(['Model card: intended use', 'Fairness by age band']);
    const text = await extractText('application/pdf', pdf);
    expect(text).toContain('Model card: intended use');
    expect(text).toContain('Fairness by age band');
  });

  it('gives nothing for a damaged PDF or an image, and caps long text', async () => {
    expect(await extractText('application/pdf', Buffer.from('%PDF-1.4 broken'))).toBe('');
    expect(await extractText('image/png', Buffer.from('PNG'))).toBe('');
    const long = await extractText('text/markdown', Buffer.from('word '.repeat(50_000)));
    expect(long.length).toBe(MAX_EXTRACTED_CHARS);
  });
});
