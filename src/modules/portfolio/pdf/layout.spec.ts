import { beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { PortfolioDocument } from './portfolio-document.js';
import { renderPortfolio } from './portfolio-renderer.js';
import { loadPortfolioTemplate, type PortfolioTemplate } from './portfolio-template.js';
import { buildPortfolio, makePng } from '../../../../test/support/portfolio-fixtures.js';
import { readPdf, type ReadPdf } from '../../../../test/support/pdf-tools.js';
import { fileOf } from '../../../../test/support/epa-samples.js';

async function read(doc: PortfolioDocument, template: PortfolioTemplate): Promise<ReadPdf> {
  const out = new PassThrough();
  const [bytes] = await Promise.all([buffer(out), renderPortfolio(doc, template, out)]);
  return readPdf(bytes);
}

describe('layout', () => {
  let template: PortfolioTemplate;
  beforeAll(async () => {
    template = await loadPortfolioTemplate('default');
  });

  it('repeats the legend on continued matrix pages and starts their rows at the same height', async () => {
    const pdf = await read(buildPortfolio({ kind: 'gateway', evidence: 60 }), template);
    const pages = pdf.pageTexts();
    const matrixPages = pages
      .map((text, i) => ({ text, page: i + 1 }))
      .filter(({ text }) => /Criteria \S+–\S+, evidence E\d+–E\d+/.test(text));
    expect(matrixPages.length).toBeGreaterThanOrEqual(4);
    for (const { text } of matrixPages) {
      expect(text).toContain(template.text.tagStatus.claimed);
      expect(text).toContain(template.text.tagStatus.rejected);
    }
    const subtitleHeights = matrixPages.map(
      ({ page }) =>
        pdf.placed.find((p) => p.page === page && /^Criteria \S+–\S+, evidence/.test(p.text))!.y,
    );
    expect(new Set(subtitleHeights.map((y) => y.toFixed(1))).size).toBe(1);
  });

  it("never leaves a file's heading, or its list's, on a page before its picture", async () => {
    const picture = makePng(600, 420, 3, 40);
    const doc = buildPortfolio({ kind: 'gateway', evidence: 14 });
    // Descriptions of growing length put the files heading at every height of the page.
    doc.evidence.forEach((e, i) => {
      e.description = Array.from({ length: i + 1 }, (_, n) =>
        `Paragraph ${n + 1}. `.repeat(40),
      ).join('\n\n');
      e.files = [fileOf(`figure-${e.reference}.png`, 'image/png', picture)];
    });
    const pdf = await read(doc, template);
    const lists = pdf.placed.filter((p) => p.text === `${template.text.labels.files} (1)`);
    expect(lists).toHaveLength(doc.evidence.length);
    doc.evidence.forEach((e, i) => {
      const name = `figure-${e.reference}.png`;
      const found = pdf.placed.filter((p) => p.text === name);
      // The bold heading and the caption under the picture: on the same page.
      expect(found).toHaveLength(2);
      expect([name, found[0].page]).toEqual([name, found[1].page]);
      // "Files (1)" too: a list's heading above an empty rest of the page reads as a list of none.
      expect([name, lists[i].page]).toEqual([name, found[0].page]);
    });
  });

  it("prints a tag's status once, with who decided, when and why beneath it", async () => {
    const doc = buildPortfolio({ kind: 'draft', evidence: 8 });
    const pdf = await read(doc, template);
    const pages = pdf.pageTexts();
    const onEvidencePages = (text: string) =>
      pdf.placed.filter(
        (p) => p.text === text && pages[p.page - 1].includes(template.text.labels.claims),
      ).length;
    const tags = doc.evidence.flatMap((e) => e.tags);
    for (const status of ['claimed', 'accepted', 'rejected'] as const) {
      const count = tags.filter((tag) => tag.status === status).length;
      expect([status, onEvidencePages(template.text.tagStatus[status])]).toEqual([status, count]);
    }
    const decided = tags.filter((tag) => tag.decidedBy && tag.decidedAt);
    expect(decided.length).toBeGreaterThan(0);
    const text = pages.join('\n');
    for (const tag of decided) {
      expect(text).toContain(`${template.text.labels.decidedBy}: ${tag.decidedBy}`);
    }
    expect(text).toContain(`${template.text.labels.reason}: `);
  });

  it("keeps a tag's block on one page: its code, justification, who decided and why", async () => {
    const doc = buildPortfolio({ kind: 'draft', evidence: 16 });
    // Descriptions of growing length put the tags at every height of the page.
    doc.evidence.forEach((e, i) => {
      e.description = 'A sentence about the work that fills most of a line of the page. '.repeat(
        4 * i,
      );
      e.tags = e.tags.map((tag) => ({
        ...tag,
        status: 'rejected',
        justification: `Shown-in-${e.reference}-${tag.code}.`,
        decidedBy: 'Priya Sharma',
        decidedAt: '2025-06-12T14:05:00Z',
        reason: `Because-${e.reference}-${tag.code}.`,
      }));
    });
    const pdf = await read(doc, template);
    const pages = pdf.pageTexts();
    const pageOf = (token: string) => pages.findIndex((text) => text.includes(token)) + 1;
    const tags = doc.evidence.flatMap((e) => e.tags.map((tag) => `${e.reference}-${tag.code}`));
    expect(tags.length).toBeGreaterThan(40);
    for (const tag of tags) {
      expect([tag, pageOf(`Because-${tag}.`)]).toEqual([tag, pageOf(`Shown-in-${tag}.`)]);
    }
  });

  it('never gives an empty list a page: the details line says "No links", "No files"', async () => {
    const doc = buildPortfolio({ kind: 'gateway', evidence: 44 });
    // Descriptions a sentence longer each time end the section at every height of the page; some
    // evidence claims nothing, some has a link, none has files.
    doc.evidence.forEach((e, i) => {
      e.description = 'A sentence about the work that fills most of a line of the page. '.repeat(
        6 * i,
      );
      if (i % 3 === 1) e.tags = [];
      e.links = i % 4 === 2 ? [`https://git.example.com/retail/${e.reference}`] : [];
      e.files = [];
    });
    const pdf = await read(doc, template);
    const { labels } = template.text;
    const { margins } = template.page;
    // What an empty list printed under its own heading, a page of its own once the section
    // filled the one before: "Files (0)" and "No files.", "Links (0)" and "No links.".
    const emptyList = new Set([labels.claims, labels.links, labels.files].map((l) => `${l} (0)`));
    for (const word of [labels.noClaims, labels.noLinks, labels.noFiles]) {
      emptyList.add(word).add(`${word}.`);
    }
    expect(pdf.placed.filter((p) => emptyList.has(p.text))).toEqual([]);
    // Every page's body (between the running header and the footer) has more than list headings.
    const lists = new RegExp(
      `^(${[labels.claims, labels.links, labels.files].join('|')}) \\(\\d+\\)$`,
    );
    for (let page = 1; page <= pdf.info.pages; page++) {
      const height = pdf.info.pageSizes[page - 1].height;
      const body = pdf.placed.filter(
        (p) =>
          p.page === page && p.angle === 0 && p.y > margins.bottom && p.y < height - margins.top,
      );
      expect([page, body.some((p) => !lists.test(p.text) && !emptyList.has(p.text))]).toEqual([
        page,
        true,
      ]);
    }
    // Each evidence says what it has none of on its details line, after kind, date and status.
    const details = pdf
      .pageTexts()
      .flatMap((text) => text.split('\n').filter((line) => line.startsWith(`${labels.kind}: `)));
    expect(details).toHaveLength(doc.evidence.length);
    doc.evidence.forEach((e, i) => {
      const none = [
        ...(e.tags.length === 0 ? [labels.noClaims] : []),
        ...(e.links.length === 0 ? [labels.noLinks] : []),
        labels.noFiles,
      ];
      expect([e.reference, details[i].split(/\s+·\s+/).slice(3)]).toEqual([e.reference, none]);
    });
    // A list with entries keeps its heading: "Criteria claimed (4)", "Links (1)".
    const headings = (label: string) =>
      pdf.placed.filter((p) => lists.test(p.text) && p.text.startsWith(label));
    expect(headings(labels.claims)).toHaveLength(doc.evidence.filter((e) => e.tags.length).length);
    expect(headings(labels.links)).toHaveLength(doc.evidence.filter((e) => e.links.length).length);
  });
});
