
import { describe, expect, it } from 'vitest';
import { byName, cases, fixtureText, parseError } from './test-support';

import { parseReport } from './index';

const parse = (text: string) => parseReport(text, { format: 'ginkgo-json' });

function spec(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ContainerHierarchyTexts: ['Mapper'],
    LeafNodeType: 'It',
    LeafNodeText: 'works',
    State: 'passed',
    RunTime: 1_500_000,
    ...overrides,
  };
}

describe('Ginkgo --json-report', () => {
  it('reads the fixture: It specs are cases, a failed BeforeSuite is one, passing suite nodes are not', async () => {
    const report = await parseReport(fixtureText('ginkgo-report.json'));
    expect(report.format).toBe('ginkgo-json');
    expect(report.tool).toBe('ginkgo');
    expect(report.totals).toEqual({ tests: 10, passed: 2, failed: 3, errored: 1, skipped: 4, durationMs: 127815 });
    expect(report.startedAt).toBe('2025-05-14T09:48:01.000Z');
    expect(report.suites.map((s) => [s.name, s.cases.length, s.durationMs])).toEqual([
      ['Data Storage E2E Suite', 3, 120312],
      ['Gateway Unit Suite', 7, 7503],
    ]);
    expect(cases(report).some((c) => c.name.includes('AfterSuite'))).toBe(false);

    expect(byName(report, '[BeforeSuite]')).toMatchObject({
      suite: 'Data Storage E2E Suite',
      status: 'failed',
      failureType: 'failed',
      file: '/home/runner/work/kubernaut/kubernaut/test/e2e/datastorage/suite_test.go',
      line: 58,
      durationMs: 120002,
    });
    expect(byName(report, '[BeforeSuite]').message).toMatch(/^Data Storage did not become ready/);
    expect(byName(report, 'Audit events API verifies the hash chain')).toMatchObject({ status: 'skipped', labels: ['e2e', 'audit'] });

    const failed = byName(report, 'Signal mapper with a Prometheus alert builds the target resource string');
    expect(failed).toMatchObject({
      status: 'failed',
      message: 'Expected\n    <string>: Deployment/api\nto equal\n    <string>: production/Deployment/api',
      file: '/home/runner/work/kubernaut/kubernaut/pkg/gateway/mapper_test.go',
      line: 61,
      labels: ['unit', 'target'],
      durationMs: 118,
    });
    expect(failed.output).toContain('In [It] at: /home/runner/work/kubernaut/kubernaut/pkg/gateway/mapper_test.go:61');
    expect(failed.output).toContain('api-7d9f8b6c5-x2k4p');
    expect(failed.output).toContain('resolving owner');

    expect(byName(report, 'Signal mapper with a Prometheus alert deduplicates by fingerprint')).toMatchObject({
      status: 'passed',
      flaky: true,
      labels: ['unit', 'redis'],
    });
    expect(byName(report, 'Signal mapper maps PrometheusRule groups')).toMatchObject({ status: 'skipped', message: 'pending' });
    expect(byName(report, 'Signal mapper parses RFC3339 timestamps')).toMatchObject({
      status: 'error',
      failureType: 'panicked',
      message: 'runtime error: invalid memory address or nil pointer dereference',
    });
    expect(byName(report, 'Signal mapper resolves owners through the API')).toMatchObject({
      status: 'failed',
      failureType: 'timedout',
      line: 94,
    });
    expect(byName(report, 'Signal mapper reads the Redis dedup window')).toMatchObject({
      status: 'skipped',
      message: 'requires Redis (set KUBERNAUT_TEST_REDIS)',
    });
  });

  it('names cases like the Ginkgo JUnit report of the same suite', async () => {
    const json = await parseReport(fixtureText('ginkgo-report.json'));
    const names = cases(json).map((c) => c.name);
    expect(names).toContain('Signal mapper with a Prometheus alert derives the severity from labels');
    expect(names.every((n) => !n.startsWith('[It]'))).toBe(true);
  });

  it('maps aborted to failed and interrupted or unknown states to error', async () => {
    const report = await parse(
      JSON.stringify([
        {
          SuiteDescription: 'S',
          SuiteSucceeded: false,
          SpecReports: [
            spec({ LeafNodeText: 'a', State: 'aborted', Failure: { Message: 'Abort()ed' } }),
            spec({ LeafNodeText: 'b', State: 'interrupted', Failure: { Message: 'Interrupted by User' } }),
            spec({ LeafNodeText: 'c', State: 'exploded' }),
          ],
        },
      ]),
    );
    expect(cases(report).map((c) => [c.name, c.status, c.failureType])).toEqual([
      ['Mapper a', 'failed', 'aborted'],
      ['Mapper b', 'error', 'interrupted'],
      ['Mapper c', 'error', 'exploded'],
    ]);
  });

  it('adds a failed case when the suite failed without a failing spec', async () => {
    const report = await parse(
      JSON.stringify({
        SuiteDescription: 'Focused Suite',
        SuiteSucceeded: false,
        SpecialSuiteFailureReasons: ['Detected Programmatic Focus - setting exit status to 197'],
        SpecReports: [spec({})],
      }),
    );
    expect(report.totals).toMatchObject({ tests: 2, passed: 1, failed: 1 });
    expect(byName(report, '[suite]').message).toBe('Detected Programmatic Focus - setting exit status to 197');
  });

  it('reports a failed AfterSuite and SynchronizedBeforeSuite as cases', async () => {
    const report = await parse(
      JSON.stringify([
        {
          SuiteDescription: 'S',
          SuiteSucceeded: false,
          SpecReports: [
            spec({ ContainerHierarchyTexts: null, LeafNodeType: 'SynchronizedBeforeSuite', LeafNodeText: '', State: 'passed' }),
            spec({}),
            spec({ ContainerHierarchyTexts: null, LeafNodeType: 'AfterSuite', LeafNodeText: '', State: 'failed', Failure: { Message: 'cleanup failed' } }),
          ],
        },
      ]),
    );
    expect(cases(report).map((c) => [c.name, c.status])).toEqual([
      ['Mapper works', 'passed'],
      ['[AfterSuite]', 'failed'],
    ]);
  });

  it('names the line and column of invalid JSON', async () => {
    const error = await parseError(parse('[\n  {\n    "SuiteDescription": "S"\n    "SpecReports": []\n  }\n]'));
    expect(error.line).toBe(4);
    expect(error.column).toBe(5);
    expect(error.position).toBe(38);
    expect(error.message).toMatch(/^Invalid JSON in Ginkgo JSON report at line 4, column 5/);
  });

  it('rejects truncated JSON', async () => {
    const text = fixtureText('ginkgo-report.json');
    const error = await parseError(parse(text.slice(0, 5000)));
    expect(error.message).toMatch(/Invalid JSON/);
    expect(error.position).toBe(5000);
  });

  it('rejects JSON of the wrong shape', async () => {
    const error = await parseError(parse(JSON.stringify([{ SuiteDescription: 'S', SpecReports: [{ LeafNodeType: 'It', State: 3 }] }])));
    expect(error.message).toMatch(/^Not a Ginkgo JSON report: 0\.SpecReports\.0\.State/);
  });
});
