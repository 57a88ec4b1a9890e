import { describe, expect, it } from '@jest/globals';
import { pageLinks } from './pagination.js';

describe('pageLinks', () => {
  const href = (n: number) => `/review-queue?page=${n}&whose=mine`;

  it('numbers the pages around the current one, with gaps marked', () => {
    const page = pageLinks(9 * 20, 20, 5, href)!;
    expect(page.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([
      1,
      '…',
      4,
      5,
      6,
      '…',
      9,
    ]);
    expect(page.items).toContainEqual({ number: 5, href: href(5), current: true });
    expect(page.previous).toEqual({ href: href(4) });
    expect(page.next).toEqual({ href: href(6) });
  });

  it('has no previous link on the first page and no next on the last', () => {
    expect(pageLinks(41, 20, 1, href)).toMatchObject({ pages: 3, next: { href: href(2) } });
    expect(pageLinks(41, 20, 1, href)?.previous).toBeUndefined();
    expect(pageLinks(41, 20, 3, href)?.next).toBeUndefined();
  });

  it('gives nothing when everything fits on one page', () => {
    expect(pageLinks(20, 20, 1, href)).toBeNull();
    expect(pageLinks(0, 20, 1, href)).toBeNull();
  });
});
