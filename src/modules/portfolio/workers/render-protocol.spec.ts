import { describe, expect, it } from '@jest/globals';
import { buildPortfolio, makePng } from '../../../../test/support/portfolio-fixtures.js';
import { documentId } from '../pdf/portfolio-renderer.js';
import { loadPortfolioTemplate } from '../pdf/portfolio-template.js';
import { fromWire, toWire, toWireError } from './render-protocol.js';

describe('the document as it crosses to a worker', () => {
  const png = makePng(40, 30);
  const doc = buildPortfolio({
    kind: 'draft',
    evidence: 4,
    image: (i) => (i % 2 ? png : undefined),
  });

  it('becomes plain data, and back a document that hashes to the same PDF /ID', async () => {
    const { wire, loaders } = toWire(doc);
    expect(loaders).toHaveLength(2);
    // What postMessage does to it.
    const received = structuredClone(wire);
    const asked: number[] = [];
    const back = fromWire(received, (index) => {
      asked.push(index);
      return Promise.resolve({ bytes: png });
    });
    const template = await loadPortfolioTemplate('default');
    expect(Buffer.from(documentId(back, template))).toEqual(Buffer.from(documentId(doc, template)));
    const files = back.evidence.flatMap((e) => e.files).filter((f) => f.image);
    expect(files).toHaveLength(2);
    await expect(files[1].image!()).resolves.toBe(png);
    expect(asked).toEqual([1]);
  });

  it('carries a page copy, or why there is none, and leaves it out of the /ID', async () => {
    const withCopies = buildPortfolio({ kind: 'draft', evidence: 2, image: () => png });
    const pictures = withCopies.evidence.flatMap((e) => e.files).filter((f) => f.image);
    pictures[0].pageCopy = () => Promise.resolve({ bytes: png });
    pictures[1].pageCopy = () => Promise.resolve({ unavailable: 'too big' });
    const { wire, loaders } = toWire(withCopies);
    const back = fromWire(structuredClone(wire), async (index) => {
      const loaded = await loaders[index]();
      return Buffer.isBuffer(loaded) ? { bytes: loaded } : loaded;
    });
    const files = back.evidence.flatMap((e) => e.files).filter((f) => f.pageCopy);
    await expect(files[0].pageCopy!()).resolves.toEqual({ bytes: png });
    await expect(files[1].pageCopy!()).resolves.toEqual({ unavailable: 'too big' });
    const template = await loadPortfolioTemplate('default');
    const without = buildPortfolio({ kind: 'draft', evidence: 2, image: () => png });
    expect(Buffer.from(documentId(back, template))).toEqual(
      Buffer.from(documentId(without, template)),
    );
  });

  it('carries the properties the error mappers read', () => {
    const error = Object.assign(new Error('disk gone'), { code: 'EIO', syscall: 'read' });
    expect(toWireError(error)).toMatchObject({
      name: 'Error',
      message: 'disk gone',
      code: 'EIO',
      syscall: 'read',
    });
    expect(toWireError('odd')).toEqual({ name: 'Error', message: 'odd' });
  });
});
