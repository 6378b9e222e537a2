/**
 * Pure, locale-independent formatters for durations and timestamps, shared by server and
 * client so both render the same text (no hydration mismatch).
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact duration: "850ms", "4.2s", "42s", "2m 30s", "1h 5m", "3d 4h"; "—" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < 10 * SECOND) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return pair(ms, MINUTE, 'm', SECOND, 's');
  if (ms < DAY) return pair(ms, HOUR, 'h', MINUTE, 'm');
  return pair(ms, DAY, 'd', HOUR, 'h');
}

function pair(ms: number, bigUnit: number, big: string, smallUnit: number, small: string): string {
  const major = Math.floor(ms / bigUnit);
  const minor = Math.floor((ms - major * bigUnit) / smallUnit);
  return minor === 0 ? `${major}${big}` : `${major}${big} ${minor}${small}`;
}

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: SECOND, m: MINUTE, h: HOUR };

/**
 * Parses a Go `time.Duration` string ("2m30s", "1h0m0.5s", "350ms", "-1.5h") into
 * milliseconds, as Kubernaut writes in `status.duration`. Returns undefined when it is
 * not one.
 */
export function parseGoDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text.trim());
  if (!match) return text.trim() === '0' ? 0 : undefined;
  let total = 0;
  for (const part of text.trim().matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const unit = GO_UNITS[part[2] ?? ''];
    if (unit === undefined) return undefined;
    total += Number(part[1]) * unit;
  }
  return match[1] === '-' ? -total : total;
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
