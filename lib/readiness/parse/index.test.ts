import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { ReportParseError, ReportTooLargeError, detectFormat, parseReport } from './index';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../tests/fixtures/reports/${name}`, import.meta.url)));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('detectFormat', () => {
  const junit = '<?xml version="1.0"?><testsuites/>';
  const ginkgo = '[\n  {\n    "SuitePath": "/src/test/e2e",\n    "SuiteDescription": "E2E Suite",';
  const goJson = '{"Time":"2025-05-14T09:02:11Z","Action":"start","Package":"example.com/x"}\n{"Time":"2025-05-14T09:02:11Z","Action":"run"';

  it('trusts XML and NDJSON content types', () => {
    expect(detectFormat('application/xml', '')).toBe('junit');
    expect(detectFormat('text/xml; charset=utf-8', '{}')).toBe('junit');
    expect(detectFormat('application/x-ndjson', '')).toBe('go-test-json');
    expect(detectFormat('application/vnd.go-test-json', '')).toBe('go-test-json');
  });

  it('looks at the content for application/json', () => {
    expect(detectFormat('application/json', ginkgo)).toBe('ginkgo-json');
    expect(detectFormat('application/json; charset=utf-8', goJson)).toBe('go-test-json');
    expect(() => detectFormat('application/json', junit)).toThrow(/body looks like XML; send JUnit XML as application\/xml/);
    expect(() => detectFormat('application/json', '{"tests": 3}')).toThrow(/neither a Ginkgo JSON report nor a go test -json stream/);
  });

  it('sniffs the first bytes otherwise', () => {
    expect(detectFormat(null, junit)).toBe('junit');
    expect(detectFormat('application/octet-stream', '\ufeff \n\t<testsuite name="x">')).toBe('junit');
    expect(detectFormat(null, ginkgo)).toBe('ginkgo-json');
    expect(detectFormat(null, '{"SuitePath":"/x","SpecReports":[]}')).toBe('ginkgo-json');
    expect(detectFormat('text/plain', goJson)).toBe('go-test-json');
    expect(detectFormat(null, `go: downloading github.com/onsi/gomega v1.36.2\n${goJson}`)).toBe('go-test-json');
    // A first line cut off by the sniffing window still counts.
    expect(detectFormat(null, '{"Time":"2025-05-14T09:02:11Z","Action":"output","Package":"x","Output":"lo')).toBe('go-test-json');
  });

  it('throws a ReportParseError for anything else', () => {
    expect(() => detectFormat(null, 'PASS\nok  \texample.com/x\t0.1s')).toThrow(/Unrecognised report format/);
    expect(() => detectFormat(null, '[1, 2, 3]')).toThrow(ReportParseError);
    expect(() => detectFormat(null, '   ')).toThrow(/Empty report/);
  });
});

describe('parseReport input handling', () => {
  const xml = fixture('vitest-junit.xml');

  it('accepts a string, a buffer, an async iterable of odd-sized chunks and a ReadableStream alike', async () => {
    const expected = await parseReport(xml);
    // 7-byte chunks split the multi-byte "❯" and "›" characters across chunk boundaries.
    expect(await parseReport(chunked(xml, 7))).toEqual(expected);
    expect(await parseReport(xml.toString('utf8'))).toEqual(expected);
    expect(await parseReport(new Blob([xml]).stream())).toEqual(expected);
    expect(expected.totals.tests).toBe(7);
  });

  it('honours an explicit format and the Content-Type', async () => {
    const report = await parseReport(fixture('go-test.json'), { contentType: 'application/x-ndjson' });
    expect(report.format).toBe('go-test-json');
    const error = await rejection(parseReport(fixture('go-test.json'), { format: 'junit' }));
    expect(error).toBeInstanceOf(ReportParseError);
  });

  it('decodes UTF-16 with a byte order mark', async () => {
    const text = '<testsuite name="ünïcode"><testcase name="ok"/></testsuite>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const report = await parseReport(bytes);
    expect(report.suites[0]?.name).toBe('ünïcode');
  });

  it('rejects an empty body', async () => {
    const error = await rejection(parseReport(new Uint8Array(0)));
    expect(error).toBeInstanceOf(ReportParseError);
    expect((error as Error).message).toBe('Empty report');
  });
});

describe('gzip', () => {
  it.each(['ginkgo-junit.xml', 'go-test.json', 'ginkgo-report.json'])('inflates %s transparently', async (name) => {
    const plain = fixture(name);
    const gz = gzipSync(plain);
    expect(gz[0]).toBe(0x1f);
    expect(await parseReport(chunked(gz, 1000))).toEqual(await parseReport(plain));
  });

  it('reports corrupt gzip data', async () => {
    const gz = gzipSync(fixture('surefire.xml'));
    const error = await rejection(parseReport(gz.subarray(0, gz.length - 40)));
    expect(error).toBeInstanceOf(ReportParseError);
    expect((error as Error).message).toMatch(/^Invalid gzip data/);
  });
});

describe('size limits', () => {
  it('stops reading a plain body as soon as it passes maxBytes', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('<testsuites>');
      const filler = new TextEncoder().encode('<testsuite name="x"></testsuite>\n'.repeat(2000));
      for (;;) {
        pulled++;
        yield filler;
      }
    }
    const error = await rejection(parseReport(endless(), { maxBytes: 1_000_000 }));
    expect(error).toBeInstanceOf(ReportTooLargeError);
    expect(error).toMatchObject({ limit: 1_000_000, what: 'body' });
    expect(pulled).toBeLessThan(20);
  });

  it('cancels a request body stream it stops reading', async () => {
    let cancelled = false;
    const filler = new TextEncoder().encode('<testsuite name="x"></testsuite>\n'.repeat(2000));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<testsuites>'));
      },
      pull(controller) {
        controller.enqueue(filler);
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await rejection(parseReport(body, { maxBytes: 500_000 }));
    expect(error).toBeInstanceOf(ReportTooLargeError);
    expect(cancelled).toBe(true);
  });

  it('stops inflating a gzip bomb at maxBytes of output', async () => {
    // 256 MiB of a valid-looking report in a few hundred kilobytes: gzip allows concatenated
    // members, so one compressed megabyte repeated is a valid stream.
    const header = gzipSync('<testsuites>\n');
    const member = gzipSync(Buffer.from('<testsuite name="bomb"></testsuite>\n'.repeat(29_000)), { level: 9 });
    const bomb = Buffer.concat([header, ...Array.from({ length: 256 }, () => member)]);
    const maxBytes = 2 * 1024 * 1024;
    expect(bomb.length).toBeLessThan(maxBytes);

    const error = await rejection(parseReport(bomb, { maxBytes }));
    expect(error).toBeInstanceOf(ReportTooLargeError);
    expect(error).toMatchObject({ limit: maxBytes, what: 'decompressed body' });
    expect((error as Error).message).toBe(`Report decompressed body exceeds the limit of ${maxBytes} bytes`);
  });

  it.each([
    ['junit', '<testsuites><testsuite name="s">' + '<testcase name="t"/>'.repeat(1001) + '</testsuite></testsuites>'],
    ['junit', '<testsuites>' + '<testsuite name="s"/>'.repeat(1001) + '</testsuites>'],
    [
      'go-test-json',
      Array.from({ length: 1001 }, (_, i) => JSON.stringify({ Action: 'run', Package: 'p', Test: `T${i}` })).join('\n'),
    ],
    ['ginkgo-json', JSON.stringify([{ SpecReports: Array.from({ length: 1001 }, () => ({ LeafNodeType: 'It', State: 'passed' })) }])],
  ] as const)('caps the number of %s cases', async (format, body) => {
    const error = await rejection(parseReport(body, { format, maxCases: 1000 }));
    expect(error).toBeInstanceOf(ReportTooLargeError);
    expect(error).toMatchObject({ limit: 1000, what: 'test cases' });
  });

  it('bounds the buffered Ginkgo JSON report by maxBytes too', async () => {
    const error = await rejection(parseReport(fixture('ginkgo-report.json'), { maxBytes: 4096 }));
    expect(error).toBeInstanceOf(ReportTooLargeError);
  });
});
