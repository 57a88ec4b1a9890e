import { AppError } from '../common/errors/app-error.js';

/** One page link of govukPagination, or the gap between two. */
export type PageItem = { number: number; href: string; current: boolean } | { ellipsis: true };

export interface PageLinks {
  pages: number;
  items: PageItem[];
  previous?: { href: string };
  next?: { href: string };
}

/**
 * The links under a paged list (govukPagination's parameters) for page `current` of `total` rows,
 * `size` to a page: the first and last pages, the current one and its neighbours, an ellipsis for
 * each gap. Null when everything fits on one page, so a template shows no links at all.
 */
export function pageLinks(
  total: number,
  size: number,
  current: number,
  href: (page: number) => string,
): PageLinks | null {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return null;
  const shown = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: PageItem[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1] > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === current });
  });
  return {
    pages,
    items,
    ...(current > 1 && { previous: { href: href(current - 1) } }),
    ...(current < pages && { next: { href: href(current + 1) } }),
  };
}

/** A paged list's `page` query parameter: 1 when absent, a 422 naming the field unless 1, 2, 3… */
export function pageNumber(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value)) return Number(value);
  throw AppError.field('page', 'must be a page number: 1, 2, 3…');
}
