import { cleanText } from './text';

/** Signatures longer than this stop telling failures apart and only cost storage. */
const SIGNATURE_LENGTH = 300;
// Bounds regex work on hostile or huge messages; the signature only needs the start.
const SCAN_LIMIT = 4000;

// Kubernetes name suffixes use this alphabet (no vowels, no 0/1/3) so they never spell words.
const K8S_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

const REPLACEMENTS: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // RFC 3339 and Go's time.Time String(): 2024-05-01T10:00:00.123Z, 2024-05-01 10:00:00 +0000 UTC
  [
    /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|\s?[+-]\d{2}:?\d{2})?(?:\s(?:UTC|[A-Z]{3,4}))?(?:\s+m=[+-]\d+\.\d+)?/g,
    '<time>',
  ],
  // Ginkgo "@ 09/09/25 10:50:00.123", US dates, Apache "10/Oct/2000:13:55:36 -0700".
  [/\b\d{1,2}\/\d{1,2}\/\d{2,4}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  [new RegExp(`\\b\\d{2}/${MONTH}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?`, 'g'), '<time>'],
  // syslog "Jan  2 15:04:05", klog "I0102 15:04:05.123456".
  [new RegExp(`\\b${MONTH}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?`, 'g'), '<time>'],
  [/\b[IWEF]\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
  [/\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // Source locations: /home/runner/work/x/foo_test.go:42, (CalculatorTest.java:25), app.spec.ts:12:5
  [/(?<![\w.\-~@+/\\:])(?:[A-Za-z]:)?[\w.\-~@+/\\]*[\w-]\.[A-Za-z][A-Za-z0-9]{0,5}:\d+(?::\d+)?/g, '<location>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  // IPv6, full or compressed ("fd00:10:96::a", "::1"); clock times are already gone by now.
  [/(?<![\w:.])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi, '<ip>'],
  // Deployment pods (name-<template hash>-<suffix>), then generateName suffixes that hold a digit.
  [new RegExp(`-[${K8S_CHARS}]{6,10}-[${K8S_CHARS}]{5}\\b`, 'g'), '-<pod>'],
  [new RegExp(`-(?=[${K8S_CHARS}]{0,4}\\d)[${K8S_CHARS}]{5}\\b`, 'g'), '-<pod>'],
  // Go and JS durations: 1.5s, 300ms, 2m30s, 1h0m0s, 150µs
  [/\b(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|μs|ns))+\b/g, '<duration>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/**
 * Normalises a failure message so that failures which differ only in run-specific values
 * (numbers, ids, UUIDs, durations, timestamps, IPs, pod-name hash suffixes, file:line
 * locations) get the same signature and group together. Case is kept, whitespace is
 * collapsed, and the result is at most 300 characters.
 *
 * @example failureSignature('pod "api-7d9f8b6c5-x2k4p" not ready after 30.5s')
 *   // 'pod "api-<pod>" not ready after <duration>'
 */
export function failureSignature(message: string): string {
  let s = cleanText(message.length > SCAN_LIMIT ? message.slice(0, SCAN_LIMIT) : message);
  for (const [pattern, placeholder] of REPLACEMENTS) s = s.replace(pattern, placeholder);
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > SIGNATURE_LENGTH ? s.slice(0, SIGNATURE_LENGTH).trimEnd() : s;
}

/** A source location found in failure text. */
export interface SourceLocation {
  file?: string;
  line?: number;
}

// Host names look like file names with a line number ("api.example.com:443").
const NOT_SOURCE_EXTENSIONS = new Set(['com', 'org', 'net', 'io', 'local', 'svc', 'internal', 'cluster', 'localhost']);
const LOCATION =
  /(?<![\w.\-~@+/\\:])((?:[A-Za-z]:)?[\w.\-~@+/\\]*[\w-]\.([A-Za-z][A-Za-z0-9]{0,5})):(\d{1,7})(?::\d{1,5})?(?![\w/])/g;
// Bounded repeats: on hostile text such as 'In [In [In [...' an unbounded scan per
// occurrence would make the search quadratic.
const PYTHON_LOCATION = /File "([^"\n]{1,1000})", line (\d{1,7})/;
const GINKGO_LOCATION = /\bIn \[[^\]\n]{1,100}\] at: ([^\s:]{1,1000}(?::\\[^\s:]{1,1000})?):(\d{1,7})/;
const TEST_FILE = /(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?|Tests?\.(?:java|kt|scala)|(?:^|[/\\])test_[^/\\]+\.py|_test\.py|_spec\.rb)$/;

/**
 * Finds the most useful source location in a failure body: Ginkgo's
 * "In [It] at: /path/x_test.go:45", Python's `File "x.py", line 3`, or the first
 * `path/to/file.ext:line[:column]`, preferring a test file over library frames.
 * Returns an empty object when nothing looks like a location.
 */
export function extractLocation(text: string): SourceLocation {
  const s = (text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text).replace(/file:\/\//g, '');
  const ginkgo = GINKGO_LOCATION.exec(s);
  if (ginkgo?.[1] && ginkgo[2]) return { file: ginkgo[1], line: Number(ginkgo[2]) };

  let first: SourceLocation | undefined;
  let firstIndex = Number.POSITIVE_INFINITY;
  LOCATION.lastIndex = 0;
  for (let m = LOCATION.exec(s), seen = 0; m !== null && seen < 200; m = LOCATION.exec(s), seen++) {
    const [, file, ext, line] = m;
    if (!file || !ext || !line || NOT_SOURCE_EXTENSIONS.has(ext.toLowerCase()) || Number(line) === 0) continue;
    // Playwright's title path ("› e2e/x.spec.ts:24:7 › test title") is where the test is
    // declared; the stack frame further down is where it failed.
    if (s.startsWith(' ›', m.index + m[0].length)) continue;
    const loc = { file, line: Number(line) };
    if (TEST_FILE.test(file)) return loc;
    if (first === undefined) {
      first = loc;
      firstIndex = m.index;
    }
  }
  const py = PYTHON_LOCATION.exec(s);
  if (py?.[1] && py[2] && (first === undefined || py.index < firstIndex)) return { file: py[1], line: Number(py[2]) };
  return first ?? {};
}
