/** Fills `{name}` placeholders; an unknown name is left as written, so a typo shows in the PDF. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * "2025-03-14" → "14 March 2025"; a timestamp also gets its UTC time ("…, 09:30 UTC"). Formatted by
 * hand, not with Intl, so the output does not depend on the machine's locale data or time zone.
 */
export function formatDate(iso: string, months: readonly string[]): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(iso);
  const time = new Date(iso);
  if (!match || Number.isNaN(time.getTime())) return iso;
  if (iso.length === 10) return `${Number(match[3])} ${months[Number(match[2]) - 1]} ${match[1]}`;
  const date = `${time.getUTCDate()} ${months[time.getUTCMonth()]} ${time.getUTCFullYear()}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}, ${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())} UTC`;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB'];

/** 1 536 → "1.5 KB" (binary multiples, as file managers show them). */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}
