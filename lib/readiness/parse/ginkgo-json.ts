import { z } from 'zod';

import { ReportParseError, ReportTooLargeError } from './errors';
import { ginkgoCaseName } from './junit';
import { parseJson } from './json-error';
import {
  MESSAGE_LIMIT,
  NAME_LIMIT,
  boundedJoin,
  buildReport,
  cleanText,
  nanosToMs,
  normaliseTimestamp,
  truncate,
} from './text';
import type { CaseStatus, ParseLimits, ParsedCase, ParsedReport, ParsedSuite } from './types';

// Only the fields Flightdeck uses; Ginkgo adds fields between releases and zod drops the rest.
// Go encodes nil slices as null, hence nullish everywhere.
const Location = z.object({
  FileName: z.string().nullish(),
  LineNumber: z.number().nullish(),
  FullStackTrace: z.string().nullish(),
});
const Failure = z.object({
  Message: z.string().nullish(),
  Location: Location.nullish(),
  ForwardedPanic: z.string().nullish(),
  FailureNodeType: z.string().nullish(),
  FailureNodeLocation: Location.nullish(),
});
const SpecReport = z.object({
  ContainerHierarchyTexts: z.array(z.string()).nullish(),
  ContainerHierarchyLabels: z.array(z.array(z.string()).nullish()).nullish(),
  LeafNodeType: z.string(),
  LeafNodeText: z.string().nullish(),
  LeafNodeLabels: z.array(z.string()).nullish(),
  LeafNodeLocation: Location.nullish(),
  State: z.string(),
  StartTime: z.string().nullish(),
  RunTime: z.number().nullish(),
  Failure: Failure.nullish(),
  NumAttempts: z.number().nullish(),
  CapturedGinkgoWriterOutput: z.string().nullish(),
  CapturedStdOutErr: z.string().nullish(),
});
const SuiteReport = z.object({
  SuitePath: z.string().nullish(),
  SuiteDescription: z.string().nullish(),
  SuiteSucceeded: z.boolean().nullish(),
  SpecialSuiteFailureReasons: z.array(z.string()).nullish(),
  StartTime: z.string().nullish(),
  RunTime: z.number().nullish(),
  SpecReports: z.array(SpecReport).nullish(),
});
// Ginkgo writes an array; a lone suite object is accepted too. Not a z.union: a union's
// error loses the path to the offending field.
const SuiteReports = z.array(SuiteReport);
type SpecReport = z.infer<typeof SpecReport>;

/**
 * Ginkgo's spec states, mapped as its own JUnit reporter does (failure element for failed,
 * aborted and timed-out specs; error element for panics and interrupts), so one suite
 * counts the same whichever format it was reported in.
 */
const STATE_STATUS: Record<string, CaseStatus> = {
  passed: 'passed',
  skipped: 'skipped',
  pending: 'skipped',
  failed: 'failed',
  aborted: 'failed',
  timedout: 'failed',
  panicked: 'error',
  interrupted: 'error',
};

function specCase(suite: string, spec: SpecReport): ParsedCase | undefined {
  // A state added by a newer Ginkgo is surfaced as an error rather than hidden as a pass.
  const status = STATE_STATUS[spec.State] ?? 'error';
  // Suite-level nodes (BeforeSuite, AfterSuite, ReportAfterSuite...) are cases only when they fail.
  if (spec.LeafNodeType !== 'It' && (status === 'passed' || status === 'skipped')) return undefined;

  const text = [...(spec.ContainerHierarchyTexts ?? []), spec.LeafNodeText ?? ''].filter((t) => t !== '').join(' ');
  const c: ParsedCase = {
    suite,
    className: suite,
    name: truncate(cleanText(ginkgoCaseName(spec.LeafNodeType, text)), NAME_LIMIT),
    status,
    durationMs: nanosToMs(spec.RunTime),
  };
  const labels = [...new Set([...(spec.ContainerHierarchyLabels ?? []).flatMap((l) => l ?? []), ...(spec.LeafNodeLabels ?? [])])];
  if (labels.length > 0) c.labels = labels.slice(0, 100).map((l) => truncate(l, 200));
  if (status === 'passed') {
    if ((spec.NumAttempts ?? 1) > 1) c.flaky = true;
    return c;
  }

  const failure = spec.Failure;
  if (spec.State === 'pending') {
    c.message = 'pending';
    return c;
  }
  const message =
    (spec.State === 'panicked' ? failure?.ForwardedPanic || failure?.Message : failure?.Message) ??
    (status === 'skipped' ? 'skipped' : undefined);
  if (message) c.message = truncate(cleanText(message).trim(), MESSAGE_LIMIT);
  if (status === 'skipped') return c;

  c.failureType = spec.State;
  const location = [failure?.Location, failure?.FailureNodeLocation, spec.LeafNodeLocation].find((l) => l?.FileName);
  if (location?.FileName) {
    c.file = location.FileName;
    if (location.LineNumber && location.LineNumber > 0) c.line = location.LineNumber;
  }
  const where = location?.FileName ? `\nIn [${failure?.FailureNodeType || spec.LeafNodeType}] at: ${location.FileName}:${location.LineNumber ?? 0}` : '';
  const output = boundedJoin([
    `[${spec.State.toUpperCase()}] ${message ?? ''}${where}`,
    location?.FullStackTrace ?? undefined,
    spec.CapturedGinkgoWriterOutput ?? undefined,
    spec.CapturedStdOutErr ?? undefined,
  ]);
  if (output !== undefined) c.output = output;
  return c;
}

/**
 * Parses Ginkgo's `--json-report` output: an array of suite reports (one per suite run by
 * `ginkgo -r`). It is a single JSON document, so it is buffered (the caller's maxBytes
 * bounds it). Only "It" specs are cases, plus failed suite-level nodes; a suite that failed
 * with no failing spec (programmatic focus, --fail-on-pending) gets a "[suite]" case.
 */
export async function parseGinkgoJson(text: AsyncIterable<string>, limits: ParseLimits): Promise<ParsedReport> {
  const parts: string[] = [];
  for await (const chunk of text) parts.push(chunk);
  const source = parts.join('');
  const value = parseJson(source, 'Ginkgo JSON report');
  const parsed = SuiteReports.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? (Array.isArray(value) ? issue.path : issue.path.slice(1)).join('.') || '(root)' : '(root)';
    throw new ReportParseError(`Not a Ginkgo JSON report: ${path}: ${issue?.message ?? 'unexpected shape'}`);
  }

  const entries = parsed.data.reduce((n, r) => n + 1 + (r.SpecReports?.length ?? 0), 0);
  if (entries > limits.maxCases) throw new ReportTooLargeError(limits.maxCases, 'test cases');

  const suites: ParsedSuite[] = [];
  for (const report of parsed.data) {
    const name = truncate(
      cleanText(report.SuiteDescription || report.SuitePath?.split('/').filter(Boolean).pop() || '(unnamed suite)'),
      NAME_LIMIT,
    );
    const cases: ParsedCase[] = [];
    for (const spec of report.SpecReports ?? []) {
      const c = specCase(name, spec);
      if (c) cases.push(c);
    }
    if (report.SuiteSucceeded === false && !cases.some((c) => c.status === 'failed' || c.status === 'error')) {
      cases.push({
        suite: name,
        className: name,
        name: '[suite]',
        status: 'failed',
        durationMs: 0,
        message: truncate((report.SpecialSuiteFailureReasons ?? []).join(', ') || 'suite failed without a failing spec', MESSAGE_LIMIT),
      });
    }
    const suite: ParsedSuite = {
      name,
      cases,
      durationMs: report.RunTime != null ? nanosToMs(report.RunTime) : cases.reduce((sum, c) => sum + c.durationMs, 0),
    };
    const timestamp = normaliseTimestamp(report.StartTime);
    if (timestamp !== undefined) suite.timestamp = timestamp;
    suites.push(suite);
  }
  return buildReport('ginkgo-json', suites, { tool: 'ginkgo' });
}
