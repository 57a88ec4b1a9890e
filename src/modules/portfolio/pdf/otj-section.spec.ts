import { beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { PortfolioDocument } from './portfolio-document.js';
import { renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';
import { ruleYearStart } from './otj-section.js';
import { buildPortfolio } from '../../../../test/support/portfolio-fixtures.js';
import { readPdf } from '../../../../test/support/pdf-tools.js';

/** The off-the-job page's text, on one line. */
async function otjPage(doc: PortfolioDocument, template: PortfolioTemplate): Promise<string> {
  const out = new PassThrough();
  const [bytes] = await Promise.all([buffer(out), renderPortfolio(doc, template, out)]);
  const pages = (await readPdf(bytes)).pageTexts().map((text) => text.replace(/\s+/g, ' '));
  return pages.find((text) => text.includes(template.text.otj.byCategory))!;
}

describe('off-the-job page', () => {
  let template: PortfolioTemplate;
  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
  });
  const withOtj = (start: string): PortfolioDocument => {
    const doc = buildPortfolio({ kind: 'gateway', evidence: 1 });
    doc.dates.start = start;
    doc.otj = {
      ruleYear: '2025/26',
      plannedHours: 400,
      minimumHours: 278,
      rplHours: 0,
      approvedHours: 120.5,
      pendingHours: 4,
      byCategory: [
        { label: 'Teaching of theory', eligible: true, approvedHours: 120.5, entries: 3 },
      ],
    };
    return doc;
  };

  it('says when the rules year applied is later than the start: the earliest the service holds', async () => {
    const text = await otjPage(withOtj('2024-09-02'), template);
    expect(text).toContain(
      'Funding rules year 2025/26, the earliest rules year the service holds (the apprenticeship ' +
        'started on 2 September 2024, before that year began on 1 August 2025)',
    );
    // The rows below it are where they were: the wrapped value pushes them down, not over it.
    expect(text).toMatch(/1 August 2025\) Planned hours 400 hours/);
  });

  it('prints the rules year alone for a start within it', async () => {
    const text = await otjPage(withOtj('2025-08-01'), template);
    expect(text).toContain('Funding rules year 2025/26 Planned hours 400 hours');
    expect(text).not.toContain('earliest');
  });

  it('reads when a rules year begins from its code', () => {
    expect(ruleYearStart('2025/26')).toBe('2025-08-01');
    expect(ruleYearStart('2026/27')).toBe('2026-08-01');
    expect(ruleYearStart('next year')).toBeUndefined();
  });

  it('gives the floor as the minimum when the standard version publishes none, as the pages do', async () => {
    const doc = withOtj('2025-09-01');
    doc.otj = { ...doc.otj!, minimumHours: null, floorHours: 187 };
    expect(await otjPage(doc, template)).toContain(
      'Minimum hours 187 hours, the floor of the 2025/26 rules (this standard version publishes ' +
        'no minimum of its own)',
    );
    // Frozen before the floor was recorded: said as before.
    doc.otj = { ...doc.otj, floorHours: undefined };
    expect(await otjPage(doc, template)).toContain(
      'Minimum hours not published for this standard version',
    );
  });
});
