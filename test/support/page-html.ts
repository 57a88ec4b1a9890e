/** The ids the error summary's links point to, in the order it lists them. */
export function errorSummaryTargets(html: string): string[] {
  const list = html.indexOf('govuk-error-summary__list');
  if (list < 0) return [];
  const summary = html.slice(list, html.indexOf('</ul>', list));
  return [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
}
