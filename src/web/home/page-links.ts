/** govukPagination's parameters for `?page=N` links, or null when everything fits on one page. */
export function pageLinks(total: number, size: number, current: number, path: string) {
  const pages = Math.ceil(total / size);
  if (pages <= 1) return null;
  const href = (n: number) => `${path}?page=${n}`;
  return {
    previous: current > 1 ? { href: href(current - 1) } : undefined,
    next: current < pages ? { href: href(current + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({
      number: i + 1,
      href: href(i + 1),
      current: i + 1 === current,
    })),
  };
}
