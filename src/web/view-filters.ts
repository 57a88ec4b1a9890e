import type { Environment } from 'nunjucks';
import { longDay } from '../common/clock/calendar.js';
import { durationInWords } from '../modules/otj/otj-rules.js';
import { canRead } from './evidence/file-reading.js';

/** "28 Feb 2027": for tables with several dates and columns to spare. */
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** Times as GOV.UK writes them ("4:05pm"), in UK time: who signed when, when it was frozen. */
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12', // 12:30pm, not en-GB's 0:30pm
  timeZone: 'Europe/London',
});
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const WORDS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for review',
  accepted: 'Accepted',
  changes_requested: 'Changes requested',
  claimed: 'Claimed',
  rejected: 'Rejected',
  evidenced: 'Evidenced',
  missing: 'Missing',
  work_product: 'Work product',
  witness_testimony: 'Witness testimony',
  in_training: 'In training',
  pending: 'Waiting for approval',
  approved: 'Approved',
  subcontractor: 'Subcontractor',
};
const TAG_COLOURS: Record<string, string> = {
  draft: 'grey',
  submitted: 'blue',
  accepted: 'green',
  evidenced: 'green',
  changes_requested: 'orange',
  claimed: 'yellow',
  rejected: 'red',
  missing: 'red',
  pending: 'blue',
  approved: 'green',
};

const humanise = (value: string) =>
  WORDS[value] ?? value.charAt(0).toUpperCase() + value.slice(1).replaceAll('_', ' ');

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A view's date value (a Date or an ISO string) formatted by `format` (Intl's is bound to its
 * formatter); '' when it is none.
 */
const formatted =
  (format: (date: Date) => string) =>
  (value: unknown): string => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value as string);
    return Number.isNaN(date.getTime()) ? '' : format(date);
  };

/** The few words and formats every view shares. */
export function registerFilters(env: Environment): void {
  env.addFilter('date', formatted(longDay));
  env.addFilter('shortDate', formatted(SHORT_DATE.format));
  env.addFilter(
    'dateTime',
    formatted((date) => `${LONDON_DATE.format(date)} at ${TIME.format(date).replace(/\s/u, '')}`),
  );
  env.addFilter('words', (value: string | null | undefined) => humanise(value ?? ''));
  env.addFilter('tagColour', (value: string) => TAG_COLOURS[value] ?? 'grey');
  env.addFilter('bytes', (value: unknown) => formatBytes(Number(value)));
  // An off-the-job duration as the API writes it ("7:30"), in words ("7 hours 30 minutes").
  env.addFilter('duration', durationInWords);
  // Files with a reading in the page (file-reading.ts): notebooks, listings, tables.
  env.addFilter('readable', (mediaType: string) => canRead(mediaType));
}
