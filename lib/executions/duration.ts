/**
 * Durations of executions: Go duration strings from the controller, and the rule for
 * what "duration" means when the controller has not written one yet.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go `time.Duration` string ("2m30s", "1h0m0.5s", "150ms", "-1s") into
 * milliseconds; undefined when it is not one.
 */
export function parseGoDuration(text: string | undefined | null): number | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const body = trimmed.replace(/^[-+]/, '');
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(body); match; match = re.exec(body)) {
    const unit = UNIT_MS[match[2] as string];
    if (unit === undefined) return undefined;
    total += Number(match[1]) * unit;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== body.length) return undefined;
  return sign * total;
}

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The duration of an execution: `.status.duration` when present, else
 * completion − start, else (while it runs) now − start; undefined before it started.
 */
export function executionDurationMs(
  row: { durationMs?: number; startTime?: string; completionTime?: string; phase?: string },
  now: number,
): number | undefined {
  if (row.durationMs !== undefined) return row.durationMs;
  const start = parseTime(row.startTime);
  if (start === undefined) return undefined;
  const end = parseTime(row.completionTime);
  if (end !== undefined) return Math.max(0, end - start);
  if (row.phase === 'Running') return Math.max(0, now - start);
  return undefined;
}

/** Finished duration from a Go string or the two timestamps; undefined while running. */
export function finishedDurationMs(durationText: string | undefined, startTime?: string, completionTime?: string): number | undefined {
  const parsed = parseGoDuration(durationText);
  if (parsed !== undefined && parsed >= 0) return parsed;
  const start = parseTime(startTime);
  const end = parseTime(completionTime);
  if (start !== undefined && end !== undefined) return Math.max(0, end - start);
  return undefined;
}

/** "850ms", "12s", "2m 30s", "1h 5m", "3d 4h": two units at most. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/** "just now", "5m ago", "3h ago", "2d ago". */
export function formatAge(iso: string | undefined, now: number): string {
  const t = parseTime(iso);
  if (t === undefined) return '—';
  const diff = Math.max(0, now - t);
  if (diff < 10_000) return 'just now';
  return `${formatDuration(diff).split(' ')[0]} ago`;
}
