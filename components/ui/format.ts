/**
 * Pure, locale-independent formatters for timestamps and versions, shared by server and
 * client so both render the same text (no hydration mismatch). Durations have one owner:
 * lib/executions/duration.ts.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A workflow version as shown beside its name: "v1.0.0" for "1.0.0" and for "v1.0.0"
 * alike: a version is free text and is often written with its "v" already.
 */
export function formatVersion(version: string): string {
  return /^v/i.test(version) ? version : `v${version}`;
}

/** Milliseconds since the epoch, or undefined for a missing or unparsable timestamp. */
export function toEpochMs(value: string | number | Date | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** "just now", "42s ago", "5m ago", "3h ago", "4d ago", "in 5m"; the date after 30 days. */
export function formatTimeAgo(value: string | number | Date, now: number): string {
  const then = toEpochMs(value);
  if (then === undefined) return '—';
  const diff = now - then;
  const abs = Math.abs(diff);
  if (abs < 5 * SECOND) return 'just now';
  if (abs >= 30 * DAY) return formatTimestamp(then).slice(0, 10);
  const text =
    abs < MINUTE
      ? `${Math.floor(abs / SECOND)}s`
      : abs < HOUR
        ? `${Math.floor(abs / MINUTE)}m`
        : abs < DAY
          ? `${Math.floor(abs / HOUR)}h`
          : `${Math.floor(abs / DAY)}d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** "2024-05-01 12:34:56 UTC": unambiguous, sortable and the same on server and client. */
export function formatTimestamp(value: string | number | Date): string {
  const ms = toEpochMs(value);
  if (ms === undefined) return '—';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
