import type { ParsedReport, ParsedSuite, ReportFormat } from './types';

/** Stored output per case: enough for the interesting head and tail of a failure. */
export const OUTPUT_LIMIT = 8 * 1024;
export const MESSAGE_LIMIT = 4 * 1024;
export const NAME_LIMIT = 1024;

// ESC (or the U+FFFD the XML reader substitutes for it) followed by a CSI or OSC sequence.
// Test runners that colour their output leave these in reports written to files.
const ANSI = /[\u001b\u009b\ufffd]\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
// PostgreSQL text columns reject NUL, and the other C0 controls only garble a web page.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Removes ANSI colour sequences and control characters that cannot be stored or shown. */
export function cleanText(s: string): string {
  return s.replace(ANSI, '').replace(CONTROL, '');
}

/** Cuts `s` to `limit` characters, saying how much was dropped. */
export function truncate(s: string, limit: number): string {
  return s.length <= limit ? s : `${s.slice(0, limit)}… [${s.length - limit} characters truncated]`;
}

/**
 * Accumulates text up to a limit, keeping the head and the tail: a failure's cause is
 * usually at the start and the final error at the end, while the middle is log noise.
 * Memory stays bounded however much is appended.
 */
export class BoundedText {
  private head = '';
  private tail = '';
  private dropped = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(limit: number = OUTPUT_LIMIT) {
    this.headLimit = Math.ceil(limit / 2);
    this.tailLimit = Math.floor(limit / 2);
  }

  get isEmpty(): boolean {
    return this.head.length === 0;
  }

  append(s: string): void {
    if (s.length === 0) return;
    const room = this.headLimit - this.head.length;
    if (room > 0) {
      this.head += s.length <= room ? s : s.slice(0, room);
      if (s.length <= room) return;
      s = s.slice(room);
    }
    this.tail += s;
    // Trim lazily (at twice the limit) so appending many small pieces stays linear.
    if (this.tail.length > this.tailLimit * 2) {
      const cut = this.tail.length - this.tailLimit;
      this.dropped += cut;
      this.tail = this.tail.slice(cut);
    }
  }

  toString(): string {
    let tail = this.tail;
    let dropped = this.dropped;
    if (tail.length > this.tailLimit) {
      dropped += tail.length - this.tailLimit;
      tail = tail.slice(tail.length - this.tailLimit);
    }
    return dropped > 0 ? `${this.head}\n… [${dropped} characters truncated] …\n${tail}` : this.head + tail;
  }
}

/** Joins non-empty parts and bounds the result like {@link BoundedText}. */
export function boundedJoin(parts: Array<string | undefined>, limit: number = OUTPUT_LIMIT): string | undefined {
  const out = new BoundedText(limit);
  let first = true;
  for (const part of parts) {
    if (part === undefined || part.trim() === '') continue;
    if (!first) out.append('\n');
    out.append(part);
    first = false;
  }
  const s = cleanText(out.toString()).replace(/\s+$/, '');
  return s === '' ? undefined : s;
}

/**
 * Parses a JUnit `time` attribute (seconds) into whole milliseconds. Tools disagree on the
 * format: locale-formatted "1,234.5" (old Surefire), decimal commas "0,25", a trailing "s",
 * or nothing at all. Anything unreadable or negative counts as 0 rather than failing the report.
 */
export function secondsToMs(value: string | undefined | null): number {
  if (value == null) return 0;
  let v = value.trim().replace(/s$/i, '').trim();
  if (v.includes(',') && v.includes('.')) v = v.replace(/,/g, '');
  else if (/^\d{1,3}(,\d{3})+$/.test(v)) v = v.replace(/,/g, '');
  else v = v.replace(',', '.');
  const seconds = Number(v);
  if (v === '' || !Number.isFinite(seconds) || seconds < 0) return 0;
  return Math.round(seconds * 1000);
}

/** Nanoseconds (Go's time.Duration in JSON) to whole milliseconds; junk becomes 0. */
export function nanosToMs(value: number | null | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 0;
  return Math.round(value / 1e6);
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Normalises a report timestamp to ISO 8601 UTC. Ginkgo and Surefire write local time
 * without a zone ("2024-05-01T10:00:00"); the writer's zone is unknowable, so those are
 * read as UTC. Go's zero time ("0001-01-01T00:00:00Z") and unparseable values yield undefined.
 */
export function normaliseTimestamp(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = ISO_LIKE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (Number(y) < 1971) return undefined;
  let tz = (zone ?? 'Z').toUpperCase();
  if (tz !== 'Z') tz = tz.length === 3 ? `${tz}:00` : tz.includes(':') ? tz : `${tz.slice(0, 3)}:${tz.slice(3)}`;
  // JavaScript's Date reads at most millisecond precision; Go writes nanoseconds.
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${tz}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The earlier of two ISO 8601 UTC timestamps (they sort as strings). */
export function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

/** Builds the report from finished suites; the totals always come from the cases themselves. */
export function buildReport(
  format: ReportFormat,
  suites: ParsedSuite[],
  extra: { durationMs?: number; startedAt?: string; tool?: string } = {},
): ParsedReport {
  const totals = { tests: 0, passed: 0, failed: 0, errored: 0, skipped: 0, durationMs: 0 };
  let startedAt = extra.startedAt;
  for (const suite of suites) {
    for (const c of suite.cases) {
      totals.tests++;
      if (c.status === 'passed') totals.passed++;
      else if (c.status === 'failed') totals.failed++;
      else if (c.status === 'error') totals.errored++;
      else totals.skipped++;
    }
    totals.durationMs += suite.durationMs;
    startedAt = earliest(startedAt, suite.timestamp);
  }
  if (extra.durationMs !== undefined && extra.durationMs > 0) totals.durationMs = extra.durationMs;
  const report: ParsedReport = { format, suites, totals };
  if (startedAt !== undefined) report.startedAt = startedAt;
  if (extra.tool !== undefined) report.tool = extra.tool;
  return report;
}
