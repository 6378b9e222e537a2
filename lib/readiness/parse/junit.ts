import { SaxesParser, type SaxesTagPlain } from 'saxes';

import { ReportParseError, ReportTooLargeError } from './errors';
import { extractLocation } from './signature';
import {
  BoundedText,
  MESSAGE_LIMIT,
  NAME_LIMIT,
  boundedJoin,
  buildReport,
  cleanText,
  normaliseTimestamp,
  secondsToMs,
  truncate,
} from './text';
import type { CaseStatus, ParseLimits, ParsedCase, ParsedReport, ParsedSuite } from './types';

/** saxes is fed in pieces of this size so the oversized-token check runs often. */
const WRITE_CHARS = 64 * 1024;
const MAX_DEPTH = 256;
const MAX_SUITE_PROPERTIES = 200;

// XML 1.0 forbids these, yet runners that capture coloured output (ESC) write them raw. They
// become U+FFFD, same length, so reported line/column numbers stay right.
const DISALLOWED_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

// Ginkgo writes "[It] container texts leaf text [label1, label2]" and "[BeforeSuite]".
const GINKGO_NAME = /^\[([A-Za-z][A-Za-z ()]*)\](?: ([\s\S]*))?$/;

interface SuiteFrame {
  name: string;
  durationMs?: number;
  timestamp?: string;
  cases: ParsedCase[];
  childSuites: number;
  properties: Map<string, string>;
}

interface CaseFrame {
  suite: SuiteFrame;
  name: string;
  className?: string;
  durationMs: number;
  statusAttr?: string;
  fileAttr?: string;
  lineAttr?: string;
  result?: { status: Exclude<CaseStatus, 'passed'>; message?: string; type?: string };
  body: BoundedText;
  stdout: BoundedText;
  stderr: BoundedText;
  flaky: boolean;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function cleanName(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = truncate(cleanText(s).trim(), NAME_LIMIT);
  return t === '' ? undefined : t;
}

// go-junit-report writes message="Failed" (or "Runtime error") on every failure and puts the
// test's output in the body; grouping by such a message would lump all failures together.
const GENERIC_MESSAGES = new Set(['failed', 'failure', 'runtime error', 'build error', 'error', '']);

/**
 * The first paragraph of a failure body, up to the first stack frame and at most a dozen
 * lines: Go's t.Errorf lines or a panic, without a Java or JavaScript stack.
 */
function summariseBody(body: string): string | undefined {
  const lines: string[] = [];
  for (const raw of body.split('\n', 200)) {
    const line = raw.trim();
    if (line === '') {
      if (lines.length > 0) break;
      continue;
    }
    if (lines.length > 0 && /^(?:at |❯ )/.test(line)) break;
    lines.push(line);
    if (lines.length >= 12) break;
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

const SEVERITY: Record<Exclude<CaseStatus, 'passed'>, number> = { skipped: 1, error: 2, failed: 3 };

function statusFromAttribute(status: string | undefined): CaseStatus | undefined {
  switch (status?.toLowerCase()) {
    case 'skipped':
    case 'pending':
    case 'notrun':
    case 'disabled':
    case 'ignored':
      return 'skipped';
    default:
      return undefined;
  }
}

/**
 * Splits a Ginkgo JUnit test name into the node type, the spec's full text and its labels,
 * so cases are named the same whether a suite reported JUnit or Ginkgo JSON. Labels are
 * recognised by Ginkgo's trailing " [a, b]"; a spec text that itself ends in brackets
 * cannot be told apart in this format.
 */
export function splitGinkgoName(name: string): { nodeType: string; text: string; labels: string[] } | undefined {
  const m = GINKGO_NAME.exec(name);
  if (!m?.[1]) return undefined;
  let text = m[2] ?? '';
  let labels: string[] = [];
  if (text.endsWith(']')) {
    const open = text.startsWith('[') && !text.includes(' [') ? 0 : text.lastIndexOf(' [');
    if (open >= 0) {
      labels = text
        .slice(open === 0 ? 1 : open + 2, -1)
        .split(', ')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      text = text.slice(0, open);
    }
  }
  return { nodeType: m[1], text: text.trim(), labels };
}

/**
 * The case name of a Ginkgo spec: its full text for "It" specs, "[BeforeSuite]" (plus any
 * text) for suite-level nodes, matching Ginkgo's own JUnit names minus the "[It] " prefix.
 */
export function ginkgoCaseName(nodeType: string, text: string): string {
  return nodeType === 'It' ? text || '[It]' : `[${nodeType}]${text ? ` ${text}` : ''}`;
}

function guessTool(root: Map<string, string>, suites: SuiteFrame[], rootName: string): string | undefined {
  const props = (name: string) => suites.some((s) => s.properties.has(name));
  if (props('SuiteSucceeded')) return 'ginkgo';
  if (props('go.version')) return 'go-junit-report';
  if ((root.get('xsi:noNamespaceSchemaLocation') ?? '').includes('surefire')) return 'maven-surefire';
  if (root.get('name') === 'vitest tests') return 'vitest';
  if (root.get('name') === 'pytest tests' || suites.some((s) => s.name === 'pytest')) return 'pytest';
  if (rootName === 'testsuites' && root.has('id') && suites.length > 0) return 'playwright';
  return undefined;
}

/**
 * Streams a JUnit XML document through saxes. Nothing beyond the case being read is
 * buffered, and captured output is bounded per case, so memory use does not grow with
 * the size of the document. DTDs are refused outright: saxes would not expand entities,
 * but refusing is the only way to be sure nothing downstream ever does.
 */
export async function parseJUnit(text: AsyncIterable<string>, limits: ParseLimits): Promise<ParsedReport> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const stack: string[] = [];
  const suiteStack: SuiteFrame[] = [];
  const suites: SuiteFrame[] = [];
  let implicitSuite: SuiteFrame | undefined;
  let current: CaseFrame | undefined;
  let capture: BoundedText | undefined;
  let ignoreDepth = 0;
  let rootName = '';
  let rootAttrs = new Map<string, string>();
  let rootStarted = false;
  let lastEvent = 0;
  let elements = 0;
  const count = () => {
    if (++elements > limits.maxCases) throw new ReportTooLargeError(limits.maxCases, 'test cases');
  };

  const where = () => ({ line: parser.line, column: parser.column + 1, position: parser.position });

  const newSuite = (name: string | undefined, attrs?: Record<string, string>): SuiteFrame => {
    const frame: SuiteFrame = { name: cleanName(name) ?? '(unnamed suite)', cases: [], childSuites: 0, properties: new Map() };
    if (attrs?.time !== undefined) frame.durationMs = secondsToMs(attrs.time);
    const ts = normaliseTimestamp(attrs?.timestamp);
    if (ts !== undefined) frame.timestamp = ts;
    return frame;
  };

  const finishCase = (c: CaseFrame): void => {
    const status: CaseStatus = c.result?.status ?? statusFromAttribute(c.statusAttr) ?? 'passed';
    let name = c.name;
    let labels: string[] = [];
    const ginkgo = c.suite.properties.has('SuiteSucceeded') || c.statusAttr !== undefined ? splitGinkgoName(name) : undefined;
    if (ginkgo) {
      // Suite-level nodes (BeforeSuite, the autogenerated ReportAfterSuite...) are not tests;
      // they only matter when they fail, because then no spec ran.
      if (ginkgo.nodeType !== 'It' && (status === 'passed' || status === 'skipped')) return;
      name = ginkgoCaseName(ginkgo.nodeType, ginkgo.text);
      labels = ginkgo.labels;
    }
    const parsed: ParsedCase = { suite: c.suite.name, name, status, durationMs: c.durationMs };
    if (c.className !== undefined) parsed.className = c.className;
    if (labels.length > 0) parsed.labels = labels;
    if (c.flaky && status === 'passed') parsed.flaky = true;
    const lineAttr = c.lineAttr !== undefined ? Number.parseInt(c.lineAttr, 10) : Number.NaN;
    if (c.fileAttr !== undefined) parsed.file = c.fileAttr;
    if (Number.isInteger(lineAttr) && lineAttr > 0) parsed.line = lineAttr;

    if (status !== 'passed') {
      const body = c.body.toString();
      const attr = cleanText(c.result?.message ?? '').trim();
      const message = GENERIC_MESSAGES.has(attr.toLowerCase()) ? (summariseBody(cleanText(body)) ?? (attr || undefined)) : attr;
      if (message) parsed.message = truncate(message, MESSAGE_LIMIT);
      if (c.result?.type) parsed.failureType = truncate(cleanText(c.result.type), NAME_LIMIT);
      const output = boundedJoin([body, c.stdout.toString(), c.stderr.toString()]);
      if (output !== undefined) parsed.output = output;
      if (parsed.line === undefined && status !== 'skipped') {
        const loc = extractLocation(`${body}\n${message ?? ''}`);
        if (loc.file !== undefined && (parsed.file === undefined || loc.file.endsWith(parsed.file) || parsed.file.endsWith(loc.file))) {
          parsed.file ??= loc.file;
          if (loc.line !== undefined) parsed.line = loc.line;
        }
      }
    }
    c.suite.cases.push(parsed);
  };

  const finishSuite = (suite: SuiteFrame): void => {
    // Ginkgo reports a failed suite with no failed spec when, e.g., programmatic focus or
    // --fail-on-pending failed it; without a case the dashboard would show it green.
    if (
      suite.properties.get('SuiteSucceeded') === 'false' &&
      !suite.cases.some((c) => c.status === 'failed' || c.status === 'error')
    ) {
      suite.cases.push({
        suite: suite.name,
        className: suite.name,
        name: '[suite]',
        status: 'failed',
        durationMs: 0,
        message: suite.properties.get('SpecialSuiteFailureReason') || 'suite failed without a failing spec',
      });
    }
    if (suite.cases.length > 0 || suite.childSuites === 0) suites.push(suite);
  };

  const mark = () => {
    lastEvent = parser.position;
  };

  parser.on('opentagstart', () => {
    rootStarted = true;
    mark();
  });
  parser.on('attribute', mark);
  parser.on('comment', mark);
  parser.on('processinginstruction', mark);
  parser.on('doctype', () => {
    throw new ReportParseError('XML DOCTYPE declarations are not accepted in test reports', where());
  });
  parser.on('text', (t) => {
    mark();
    if (capture && ignoreDepth === 0) capture.append(t);
  });
  parser.on('cdata', (t) => {
    mark();
    if (capture && ignoreDepth === 0) capture.append(t);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    mark();
    const name = localName(tag.name);
    const attrs = tag.attributes;
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (stack.length > MAX_DEPTH) throw new ReportParseError(`XML nested deeper than ${MAX_DEPTH} elements`, where());

    if (stack.length === 1) {
      if (name !== 'testsuites' && name !== 'testsuite') {
        throw new ReportParseError(`Not a JUnit report: the root element is <${truncate(tag.name, 100)}>, expected <testsuites> or <testsuite>`, where());
      }
      rootName = name;
      rootAttrs = new Map(Object.entries(attrs).map(([k, v]) => [k, truncate(v, NAME_LIMIT)]));
    }
    if (ignoreDepth > 0) {
      ignoreDepth++;
      return;
    }

    switch (name) {
      case 'testsuite': {
        const outer = suiteStack[suiteStack.length - 1];
        if (outer) outer.childSuites++;
        count();
        suiteStack.push(newSuite(attrs.name, attrs));
        return;
      }
      case 'testcase': {
        if (current) return; // a testcase inside a testcase is not JUnit; keep the outer one
        count();
        let suite = suiteStack[suiteStack.length - 1];
        if (!suite) {
          implicitSuite ??= newSuite(rootAttrs.get('name') || attrs.classname || 'default');
          suite = implicitSuite;
        }
        current = {
          suite,
          name: cleanName(attrs.name) ?? '(unnamed)',
          durationMs: secondsToMs(attrs.time),
          body: new BoundedText(),
          stdout: new BoundedText(),
          stderr: new BoundedText(),
          flaky: false,
        };
        const className = cleanName(attrs.classname);
        if (className !== undefined) current.className = className;
        if (attrs.status !== undefined) current.statusAttr = attrs.status;
        const file = cleanName(attrs.file);
        if (file !== undefined) current.fileAttr = file;
        if (attrs.line !== undefined) current.lineAttr = attrs.line;
        return;
      }
      case 'failure':
      case 'error':
      case 'skipped': {
        if (!current || parent !== 'testcase') return;
        const status = name === 'failure' ? 'failed' : name;
        const result = current.result;
        if (!result || SEVERITY[status] > SEVERITY[result.status]) {
          const next: NonNullable<CaseFrame['result']> = { status };
          if (attrs.message !== undefined) next.message = truncate(attrs.message, MESSAGE_LIMIT);
          if (attrs.type !== undefined) next.type = attrs.type;
          current.result = next;
        }
        if (!current.body.isEmpty) current.body.append('\n');
        capture = current.body;
        return;
      }
      case 'system-out':
      case 'system-err': {
        if (current && parent === 'testcase') capture = name === 'system-out' ? current.stdout : current.stderr;
        return;
      }
      case 'flakyFailure':
      case 'flakyError':
      case 'rerunFailure':
      case 'rerunError': {
        // Surefire's (and Playwright's) retry records: earlier attempts, not the outcome.
        if (current && parent === 'testcase' && name.startsWith('flaky')) current.flaky = true;
        ignoreDepth = 1;
        return;
      }
      case 'property': {
        const suite = suiteStack[suiteStack.length - 1];
        const owner = stack[stack.length - 3];
        if (suite && owner === 'testsuite' && attrs.name !== undefined && suite.properties.size < MAX_SUITE_PROPERTIES) {
          suite.properties.set(truncate(attrs.name, NAME_LIMIT), truncate(attrs.value ?? '', MESSAGE_LIMIT));
        }
        return;
      }
      default:
        return;
    }
  });

  parser.on('closetag', (tag: SaxesTagPlain) => {
    mark();
    const name = localName(tag.name);
    stack.pop();
    if (ignoreDepth > 0) {
      ignoreDepth--;
      return;
    }
    switch (name) {
      case 'testsuite': {
        const suite = suiteStack.pop();
        if (suite) finishSuite(suite);
        return;
      }
      case 'testcase':
        if (current && !stack.includes('testcase')) {
          finishCase(current);
          current = undefined;
          capture = undefined;
        }
        return;
      case 'failure':
      case 'error':
      case 'skipped':
      case 'system-out':
      case 'system-err':
        capture = undefined;
        return;
      default:
        return;
    }
  });

  const toParseError = (error: unknown): Error => {
    if (error instanceof ReportParseError || error instanceof ReportTooLargeError) return error;
    const raw = error instanceof Error ? error.message : String(error);
    const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(raw);
    const line = m ? Number(m[1]) : parser.line;
    const column = m ? Number(m[2]) : parser.column + 1;
    const reason = (m ? m[3] : raw) ?? raw;
    return new ReportParseError(`Malformed XML at line ${line}, column ${column}: ${reason.replace(/\.$/, '')}`, {
      line,
      column,
      position: parser.position,
    });
  };

  const feed = (chunk: string): void => {
    for (let i = 0; i < chunk.length; i += WRITE_CHARS) {
      try {
        parser.write(chunk.slice(i, i + WRITE_CHARS));
      } catch (error) {
        throw toParseError(error);
      }
      // saxes holds a text node or attribute value in memory until it ends; refuse to
      // hold one larger than the limit.
      if (parser.position - lastEvent > limits.maxTokenChars) {
        throw new ReportParseError(
          `XML text, attribute or comment longer than ${limits.maxTokenChars} characters (starting near position ${lastEvent})`,
          where(),
        );
      }
    }
  };

  let prologTail = '';
  for await (const raw of text) {
    const chunk = raw.replace(DISALLOWED_XML_CHARS, '\ufffd');
    if (!rootStarted) {
      // Refuse a DTD before saxes reads it: it would buffer the whole internal subset.
      const probe = prologTail + chunk;
      const at = probe.search(/<!DOCTYPE/i);
      if (at >= 0) {
        const inChunk = at - prologTail.length;
        if (inChunk > 0) feed(chunk.slice(0, inChunk));
        throw new ReportParseError(
          'XML DOCTYPE declarations are not accepted in test reports (entity declarations are refused, never expanded)',
          where(),
        );
      }
      prologTail = probe.slice(-8);
    }
    feed(chunk);
  }
  try {
    parser.close();
  } catch (error) {
    throw toParseError(error);
  }

  if (implicitSuite) finishSuite(implicitSuite);
  const rootTime = rootName === 'testsuites' && rootAttrs.has('time') ? secondsToMs(rootAttrs.get('time')) : undefined;
  const finished: ParsedSuite[] = suites.map((s) => {
    const suite: ParsedSuite = {
      name: s.name,
      cases: s.cases,
      durationMs: s.durationMs ?? s.cases.reduce((sum, c) => sum + c.durationMs, 0),
    };
    if (s.timestamp !== undefined) suite.timestamp = s.timestamp;
    return suite;
  });
  const extra: { durationMs?: number; startedAt?: string; tool?: string } = {};
  if (rootTime !== undefined) extra.durationMs = rootTime;
  const startedAt = normaliseTimestamp(rootAttrs.get('timestamp'));
  if (startedAt !== undefined) extra.startedAt = startedAt;
  const tool = guessTool(rootAttrs, suites, rootName);
  if (tool !== undefined) extra.tool = tool;
  return buildReport('junit', finished, extra);
}
