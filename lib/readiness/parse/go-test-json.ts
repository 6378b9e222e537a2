import { z } from 'zod';

import { ReportParseError, ReportTooLargeError } from './errors';
import { parseJson } from './json-error';
import { extractLocation } from './signature';
import { BoundedText, MESSAGE_LIMIT, NAME_LIMIT, boundedJoin, buildReport, cleanText, normaliseTimestamp, truncate } from './text';
import type { ParseLimits, ParsedCase, ParsedReport, ParsedSuite } from './types';

/** Message of a test that started but never reported a result: the binary died or the stream was cut. */
export const NO_RESULT_MESSAGE = 'no result (test binary exited?)';

// cmd/test2json's event. Go 1.24 added build events keyed by ImportPath instead of Package.
const GoTestEvent = z.object({
  Time: z.string().optional(),
  Action: z.string(),
  Package: z.string().optional(),
  ImportPath: z.string().optional(),
  Test: z.string().optional(),
  Elapsed: z.number().optional(),
  Output: z.string().optional(),
  FailedBuild: z.string().optional(),
});
type GoTestEvent = z.infer<typeof GoTestEvent>;

/** Lines of `go test -v` framing that say nothing about why a test failed. */
const FRAMING =
  /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:PASS|FAIL|SKIP|BENCH):|(?:PASS|FAIL)\s*$|ok\s|FAIL\s|\?\s|exit status \d+\s*$|coverage: |testing: warning: no tests to run)/;
const MESSAGE_LINES = 12;

interface TestRun {
  name: string;
  status?: 'passed' | 'failed' | 'skipped';
  elapsedMs: number;
  lines: string[];
  linesChars: number;
  output: BoundedText | undefined;
}

interface PackageState {
  name: string;
  startedAt?: string;
  result?: 'pass' | 'fail' | 'skip';
  elapsedMs?: number;
  buildFailed: boolean;
  output: BoundedText;
  lines: string[];
  linesChars: number;
  runs: TestRun[];
  latest: Map<string, TestRun>;
}

function collectLines(target: { lines: string[]; linesChars: number }, output: string): void {
  for (const raw of output.split('\n')) {
    if (target.lines.length >= MESSAGE_LINES || target.linesChars >= MESSAGE_LIMIT) return;
    if (raw.trim() === '' || FRAMING.test(raw)) continue;
    const line = cleanText(raw.trim());
    target.lines.push(line);
    target.linesChars += line.length + 1;
  }
}

function packageKey(event: GoTestEvent): string | undefined {
  if (event.Package) return event.Package;
  if (!event.ImportPath) return undefined;
  // "example.com/x_test [example.com/x.test]" belongs to package example.com/x.
  const m = /\[(.+)\.test\]$/.exec(event.ImportPath);
  return m?.[1] ?? event.ImportPath.split(' ')[0];
}

/**
 * Reads a `go test -json` (cmd/test2json) stream line by line; memory holds one line plus a
 * bounded summary per test, and output of passing tests is dropped as soon as they pass.
 * Every test (subtests included) with a Test name is a case; package-level results are
 * not, except that a failing package with no failing test (build failure, TestMain or
 * init panic) becomes one error case so the failure cannot vanish. Lines that are not JSON
 * objects (stderr mixed in with `2>&1`, such as "go: downloading ...") are skipped.
 */
export async function parseGoTestJson(text: AsyncIterable<string>, limits: ParseLimits): Promise<ParsedReport> {
  const packages = new Map<string, PackageState>();
  let events = 0;
  let entries = 0;
  const count = () => {
    if (++entries > limits.maxCases) throw new ReportTooLargeError(limits.maxCases, 'test cases');
  };

  const pkgState = (name: string): PackageState => {
    let p = packages.get(name);
    if (!p) {
      count();
      p = { name, buildFailed: false, output: new BoundedText(), lines: [], linesChars: 0, runs: [], latest: new Map() };
      packages.set(name, p);
    }
    return p;
  };

  const testRun = (p: PackageState, name: string, fresh: boolean): TestRun => {
    const existing = p.latest.get(name);
    // With -count=N the same test runs again after finishing: that is a new case.
    if (existing && !(fresh && existing.status !== undefined)) return existing;
    count();
    const run: TestRun = { name, elapsedMs: 0, lines: [], linesChars: 0, output: new BoundedText() };
    p.runs.push(run);
    p.latest.set(name, run);
    return run;
  };

  const apply = (event: GoTestEvent): void => {
    const key = packageKey(event);
    if (key === undefined) return;
    const p = pkgState(key);
    if (p.startedAt === undefined && event.Time !== undefined) {
      const t = normaliseTimestamp(event.Time);
      if (t !== undefined) p.startedAt = t;
    }
    const action = event.Action;
    if (event.Test === undefined) {
      switch (action) {
        case 'output':
        case 'build-output':
          if (event.Output !== undefined) {
            p.output.append(event.Output);
            collectLines(p, event.Output);
            if (event.Output.includes('[build failed]')) p.buildFailed = true;
          }
          return;
        case 'build-fail':
          p.buildFailed = true;
          return;
        case 'pass':
        case 'fail':
        case 'skip':
          p.result = action;
          if (event.Elapsed !== undefined) p.elapsedMs = Math.max(0, Math.round(event.Elapsed * 1000));
          if (event.FailedBuild) p.buildFailed = true;
          return;
        default:
          return;
      }
    }

    const run = testRun(p, truncate(event.Test, NAME_LIMIT), action === 'run');
    switch (action) {
      case 'output':
        if (event.Output !== undefined && run.output) {
          run.output.append(event.Output);
          collectLines(run, event.Output);
        }
        return;
      case 'pass':
      case 'fail':
      case 'skip':
        run.status = action === 'pass' ? 'passed' : action === 'fail' ? 'failed' : 'skipped';
        if (event.Elapsed !== undefined) run.elapsedMs = Math.max(0, Math.round(event.Elapsed * 1000));
        if (run.status === 'passed') {
          run.output = undefined;
          run.lines = [];
        }
        return;
      default:
        return; // run, pause, cont, start, bench
    }
  };

  const handleLine = (line: string, lineNo: number, position: number, unterminated = false): void => {
    const lead = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed === '' || !trimmed.startsWith('{')) return;
    let value: unknown;
    try {
      value = parseJson(trimmed, 'go test -json stream', { line: lineNo, column: lead, position: position + lead });
    } catch (error) {
      // A stream cut off mid-write ends in half a line: that is truncation, which the
      // tests left without a result already show, not a malformed report.
      if (unterminated) return;
      throw error;
    }
    const parsed = GoTestEvent.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') || 'event';
      throw new ReportParseError(`Line ${lineNo} is not a go test -json event: ${path}: ${issue?.message ?? 'invalid'}`, {
        line: lineNo,
        column: lead + 1,
        position: position + lead,
      });
    }
    events++;
    apply(parsed.data);
  };

  let buffer = '';
  let bufferOffset = 0;
  let lineNo = 0;
  for await (const chunk of text) {
    buffer += chunk;
    let start = 0;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n', start)) {
      handleLine(buffer.slice(start, nl), ++lineNo, bufferOffset + start);
      start = nl + 1;
    }
    buffer = buffer.slice(start);
    bufferOffset += start;
    if (buffer.length > limits.maxTokenChars) {
      throw new ReportParseError(`Line ${lineNo + 1} of the go test -json stream is longer than ${limits.maxTokenChars} characters`, {
        line: lineNo + 1,
        position: bufferOffset,
      });
    }
  }
  if (buffer !== '') handleLine(buffer, ++lineNo, bufferOffset, true);
  if (events === 0) throw new ReportParseError('No go test -json events found (expected one JSON object per line with an "Action")');

  const suites: ParsedSuite[] = [];
  for (const p of packages.values()) {
    // A parent whose subtests failed prints nothing of its own; name its first failed child.
    const failedChild = new Map<string, string>();
    for (const run of p.runs) {
      const slash = run.name.lastIndexOf('/');
      if (run.status === 'failed' && slash > 0 && !failedChild.has(run.name.slice(0, slash))) {
        failedChild.set(run.name.slice(0, slash), run.name);
      }
    }
    const cases = p.runs.map((run) => toCase(p, run, failedChild.get(run.name)));
    const failing = cases.some((c) => c.status === 'failed' || c.status === 'error');
    const synthetic = packageCase(p, failing);
    if (synthetic) cases.push(synthetic);
    if (cases.length === 0) continue;
    const suite: ParsedSuite = {
      name: p.name,
      cases,
      durationMs: p.elapsedMs ?? p.runs.filter((r) => !r.name.includes('/')).reduce((sum, r) => sum + r.elapsedMs, 0),
    };
    if (p.startedAt !== undefined) suite.timestamp = p.startedAt;
    suites.push(suite);
  }
  return buildReport('go-test-json', suites, { tool: 'go test' });
}

function toCase(p: PackageState, run: TestRun, failedChild: string | undefined): ParsedCase {
  const c: ParsedCase = { suite: p.name, className: p.name, name: run.name, status: run.status ?? 'failed', durationMs: run.elapsedMs };
  if (c.status === 'passed') return c;
  let message: string | undefined = run.lines.length > 0 ? truncate(run.lines.join('\n'), MESSAGE_LIMIT) : undefined;
  if (run.status === undefined) {
    message = NO_RESULT_MESSAGE;
  } else if (message === undefined && c.status === 'failed' && failedChild !== undefined) {
    message = `subtest failed: ${failedChild}`;
  }
  if (message !== undefined) c.message = message;
  const output = boundedJoin([run.output?.toString()]);
  if (output !== undefined) c.output = output;
  if (c.status !== 'skipped') {
    const loc = extractLocation(run.lines.join('\n') || (output ?? ''));
    if (loc.file !== undefined) c.file = loc.file;
    if (loc.line !== undefined) c.line = loc.line;
  }
  return c;
}

function packageCase(p: PackageState, failing: boolean): ParsedCase | undefined {
  if (failing) return undefined;
  if (p.result === 'fail' && p.buildFailed) {
    // Build output starts with a "# package" header; the compiler error follows it.
    const error = p.lines.find((l) => !l.startsWith('#'));
    return packageFailure(p, '[build failed]', error ? `build failed: ${error}` : 'build failed');
  }
  if (p.result === 'fail') return packageFailure(p, '[package]', p.lines[0] ?? 'package failed without a failing test');
  const hadActivity = p.runs.length > 0 || !p.output.isEmpty;
  if (p.result === undefined && hadActivity) return packageFailure(p, '[package]', NO_RESULT_MESSAGE);
  return undefined;
}

function packageFailure(p: PackageState, name: string, message: string): ParsedCase {
  const c: ParsedCase = {
    suite: p.name,
    className: p.name,
    name,
    status: 'error',
    durationMs: p.elapsedMs ?? 0,
    message: truncate(message, MESSAGE_LIMIT),
  };
  const output = boundedJoin([p.output.toString()]);
  if (output !== undefined) c.output = output;
  const loc = extractLocation(p.lines.join('\n'));
  if (loc.file !== undefined) c.file = loc.file;
  if (loc.line !== undefined) c.line = loc.line;
  return c;
}
