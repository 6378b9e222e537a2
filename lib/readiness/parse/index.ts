import 'server-only';

import { ReportParseError } from './errors';
import { parseGinkgoJson } from './ginkgo-json';
import { parseGoTestJson } from './go-test-json';
import { type ReportInput, peekText, readText } from './input';
import { parseJUnit } from './junit';
import type { ParsedReport, ReportFormat } from './types';

export { ReportParseError, ReportTooLargeError, type ReportErrorLocation } from './errors';
export { extractLocation, failureSignature, type SourceLocation } from './signature';
export type { ReportInput } from './input';
export type { CaseStatus, ParsedCase, ParsedReport, ParsedSuite, ReportFormat, ReportTotals } from './types';

/** Default cap on a report body, compressed or not. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Default cap on one XML text/attribute value or one go test -json line. */
export const DEFAULT_MAX_TOKEN_CHARS = 16 * 1024 * 1024;
/** Default cap on test cases plus suites in one report. */
export const DEFAULT_MAX_CASES = 250_000;
/** How much of the start of a report {@link parseReport} reads to sniff its format. */
const SNIFF_CHARS = 8 * 1024;

export interface ParseReportOptions {
  /** Skip detection when the uploader said what it sent. */
  format?: ReportFormat;
  /** The request's Content-Type, used for detection when `format` is not given. */
  contentType?: string | null;
  /** Largest body accepted, checked on the received bytes and again after gunzip. */
  maxBytes?: number;
  /** Largest single XML value or JSON line, in characters (bounded by `maxBytes` too). */
  maxTokenChars?: number;
  /** Most test cases plus suites accepted in one report. */
  maxCases?: number;
}

const GINKGO_KEYS = /"(?:SuitePath|SpecReports|SuiteDescription|SuiteSucceeded)"\s*:/;
const GO_EVENT_ACTION = /"Action"\s*:\s*"/;
const GO_EVENT_SUBJECT = /"(?:Package|Test|ImportPath)"\s*:/;

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function looksLikeGoEvent(line: string): boolean {
  if (!GO_EVENT_ACTION.test(line) || !GO_EVENT_SUBJECT.test(line)) return false;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && typeof (value as { Action?: unknown }).Action === 'string';
  } catch {
    // The first line may be cut off by the sniffing window; the keys are enough then.
    return true;
  }
}

function sniffJson(body: string): ReportFormat | undefined {
  const lines = body.split('\n', 20);
  // A go test -json stream can start with stderr text ("go: downloading ...") under 2>&1.
  const firstObject = lines.find((l) => l.trimStart().startsWith('{'));
  if (firstObject !== undefined && looksLikeGoEvent(firstObject.trim())) return 'go-test-json';
  if ((body.startsWith('[') || body.startsWith('{')) && GINKGO_KEYS.test(body)) return 'ginkgo-json';
  return undefined;
}

/**
 * Decides the format of a report from its Content-Type and its first bytes.
 *
 * XML media types mean JUnit; `application/x-ndjson` and `application/vnd.go-test-json`
 * mean a go test -json stream; `application/json` and anything else are sniffed: a leading
 * `<` is JUnit, JSON carrying Ginkgo's report keys is Ginkgo JSON, and JSON lines with
 * `Action` and `Package`/`Test` keys are go test -json.
 *
 * @param contentType the request's Content-Type header, parameters allowed
 * @param head the first few kilobytes of the (decompressed) body
 * @throws ReportParseError when the format cannot be recognised
 */
export function detectFormat(contentType: string | null, head: string): ReportFormat {
  const type = mediaType(contentType);
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'junit';
  if (
    type === 'application/x-ndjson' ||
    type === 'application/ndjson' ||
    type === 'application/jsonl' ||
    type === 'application/x-jsonlines' ||
    type === 'application/vnd.go-test-json'
  ) {
    return 'go-test-json';
  }

  const body = head.replace(/^\ufeff/, '').trimStart();
  if (body === '') throw new ReportParseError('Empty report');
  const json = sniffJson(body);
  if (type === 'application/json' || type.endsWith('+json')) {
    if (json) return json;
    throw new ReportParseError(
      body.startsWith('<')
        ? `Content-Type is ${type} but the body looks like XML; send JUnit XML as application/xml`
        : 'JSON report is neither a Ginkgo JSON report nor a go test -json stream',
    );
  }
  if (body.startsWith('<')) return 'junit';
  if (json) return json;
  throw new ReportParseError(
    'Unrecognised report format: expected JUnit XML, a Ginkgo JSON report (--json-report) or a go test -json stream',
  );
}

/**
 * Parses a test report into suites and cases. JUnit XML and go test -json are streamed
 * (memory does not grow with the report); a Ginkgo JSON report is buffered up to
 * `maxBytes`. Gzip input (magic bytes 1f 8b) is inflated on the fly, with `maxBytes`
 * applied to the inflated size as well, so a gzip bomb stops at the limit.
 *
 * @param input the request body stream, a buffer, or text
 * @throws ReportTooLargeError as soon as more than `maxBytes` bytes are read or inflated, or
 *   more than `maxCases` cases and suites are found
 * @throws ReportParseError for unknown formats, malformed or truncated documents
 *   (with line/column where known), XML DTDs and oversized single values
 */
export async function parseReport(input: ReportInput, opts: ParseReportOptions = {}): Promise<ParsedReport> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const limits = {
    maxTokenChars: Math.min(opts.maxTokenChars ?? DEFAULT_MAX_TOKEN_CHARS, maxBytes),
    maxCases: opts.maxCases ?? DEFAULT_MAX_CASES,
  };
  const { head, ended, rest, close } = await peekText(readText(input, maxBytes), SNIFF_CHARS);
  if (ended && head.trim().replace(/^\ufeff/, '') === '') {
    await close();
    throw new ReportParseError('Empty report');
  }
  let format: ReportFormat;
  try {
    format = opts.format ?? detectFormat(opts.contentType ?? null, head);
  } catch (error) {
    await close();
    throw error;
  }
  switch (format) {
    case 'junit':
      return parseJUnit(rest, limits);
    case 'go-test-json':
      return parseGoTestJson(rest, limits);
    case 'ginkgo-json':
      return parseGinkgoJson(rest, limits);
  }
}
