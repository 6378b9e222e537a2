
import { describe, expect, it } from 'vitest';
import { byName, cases, fixtureBytes, parseError } from './test-support';

import { failureSignature, parseReport, type ParsedReport } from './index';
import { MESSAGE_LIMIT } from './text';

async function parseXml(xml: string | Iterable<string>, opts: { maxTokenChars?: number } = {}): Promise<ParsedReport> {
  const input =
    typeof xml === 'string'
      ? xml
      : (async function* () {
          for (const part of xml) yield new TextEncoder().encode(part);
        })();
  return parseReport(input, { format: 'junit', ...opts });
}

describe('JUnit fixtures', () => {
  it('reads a Ginkgo v2 --junit-report, keeping It specs and dropping passing suite nodes', async () => {
    const report = await parseReport(fixtureBytes('ginkgo-junit.xml'));
    expect(report.format).toBe('junit');
    expect(report.tool).toBe('ginkgo');
    expect(report.totals).toEqual({ tests: 7, passed: 1, failed: 3, errored: 1, skipped: 2, durationMs: 187402 });
    expect(report.startedAt).toBe('2025-05-14T09:10:02.000Z');
    expect(report.suites).toHaveLength(1);
    expect(report.suites[0]?.name).toBe('WorkflowExecution Integration Suite');
    expect(cases(report).some((c) => c.name.includes('BeforeSuite') || c.name.includes('ReportAfterSuite'))).toBe(false);

    const selection = byName(report, 'WorkflowExecution Audit emits workflowexecution.selection.completed exactly once');
    expect(selection).toMatchObject({
      suite: 'WorkflowExecution Integration Suite',
      className: 'WorkflowExecution Integration Suite',
      status: 'failed',
      failureType: 'failed',
      message: 'Expected\n    <int>: 17\nto equal\n    <int>: 1',
      file: '/home/runner/work/kubernaut/kubernaut/test/integration/workflowexecution/audit_test.go',
      line: 142,
      labels: ['integration', 'audit'],
      durationMs: 10119,
    });
    expect(selection.output).toContain('[FAILED] Expected');
    expect(selection.output).toContain('STEP: querying Data Storage');

    const started = byName(report, 'WorkflowExecution Audit emits workflowexecution.execution.started exactly once');
    expect(started.line).toBe(171);
    expect(failureSignature(started.message ?? '')).toBe(failureSignature(selection.message ?? ''));

    const timedOut = byName(report, 'WorkflowExecution Audit records the failure reason on workflow.failed');
    expect(timedOut).toMatchObject({ status: 'failed', failureType: 'timedout', message: 'A node timeout occurred', line: 188 });
    expect(failureSignature(timedOut.message ?? '')).not.toBe(failureSignature(selection.message ?? ''));

    expect(
      byName(report, 'WorkflowExecution Controller when the execution namespace is missing reports ConfigurationError'),
    ).toMatchObject({
      status: 'error',
      failureType: 'panicked',
      message: 'runtime error: invalid memory address or nil pointer dereference',
    });
    expect(byName(report, 'WorkflowExecution Block clearance clears a previous-failure block via the APIEndpoint')).toMatchObject({
      status: 'skipped',
      message: 'pending',
    });
    const passed = byName(report, 'WorkflowExecution Controller when the PipelineRun succeeds marks the WorkflowExecution Completed');
    expect(passed).toMatchObject({ status: 'passed', labels: ['integration', 'wfe'] });
    expect(passed.output).toBeUndefined();
  });

  it('reads go-junit-report output, using the body when the message is the generic "Failed"', async () => {
    const report = await parseReport(fixtureBytes('go-junit-report.xml'));
    expect(report.tool).toBe('go-junit-report');
    expect(report.totals).toMatchObject({ tests: 9, passed: 4, failed: 3, errored: 1, skipped: 1 });
    expect(report.suites.map((s) => s.name)).toEqual([
      'github.com/jordigilh/kubernaut/pkg/workflowexecution/audit',
      'github.com/jordigilh/kubernaut/pkg/datastorage/client',
      'github.com/jordigilh/kubernaut/pkg/notification',
    ]);
    expect(byName(report, 'TestManager_RecordFailure')).toMatchObject({
      status: 'failed',
      message: 'manager_test.go:57: phase must never be empty: got "" for event workflowexecution.workflow.failed',
      file: 'manager_test.go',
      line: 57,
    });
    expect(byName(report, 'TestManager_Idempotency/duplicate_reconcile').message).toContain('emitted 17 times, want 1');
    expect(byName(report, 'TestManager_Idempotency').message).toBe('Failed');
    expect(byName(report, 'TestManager_PostgresRoundTrip')).toMatchObject({
      status: 'skipped',
      message: 'manager_test.go:131: requires PostgreSQL (set KUBERNAUT_TEST_PG_DSN)',
    });
    expect(byName(report, 'Failure')).toMatchObject({
      status: 'error',
      message: 'panic: notification: missing template "slack"',
      line: 31,
    });
  });

  it('reads the Playwright junit reporter, treating flakyFailure as a passed flaky test', async () => {
    const report = await parseReport(fixtureBytes('playwright-junit.xml'));
    expect(report.tool).toBe('playwright');
    expect(report.totals).toEqual({ tests: 6, passed: 3, failed: 1, errored: 1, skipped: 1, durationMs: 48213 });
    const timeline = byName(report, 'executions list › shows the execution timeline');
    expect(timeline).toMatchObject({
      status: 'failed',
      failureType: 'expect.toBeVisible',
      message: 'expect(locator).toBeVisible() failed',
      file: '/home/runner/work/flightdeck/flightdeck/e2e/executions.spec.ts',
      line: 31,
    });
    expect(timeline.output).toContain('[[ATTACHMENT|test-results/');
    expect(byName(report, 'executions list › opens the audit trail')).toMatchObject({
      status: 'error',
      failureType: 'TimeoutError',
      line: 41,
    });
    const flaky = byName(report, 'two tabs › a new WorkflowExecution appears in both tabs');
    expect(flaky).toMatchObject({ status: 'passed', flaky: true });
    expect(flaky.output).toBeUndefined();
  });

  it('reads the Vitest junit reporter, preferring the test file in the stack', async () => {
    const report = await parseReport(fixtureBytes('vitest-junit.xml'));
    expect(report.tool).toBe('vitest');
    expect(report.totals).toEqual({ tests: 7, passed: 4, failed: 2, errored: 0, skipped: 1, durationMs: 1873 });
    expect(byName(report, 'applyWatchEvent > drops the cache on 410 Gone')).toMatchObject({
      failureType: 'AssertionError',
      message: 'expected 3 to be 0 // Object.is equality',
      file: 'lib/k8s/watch-reducer.test.ts',
      line: 58,
    });
    // A failing beforeAll is reported as a case named after the describe block.
    expect(byName(report, 'queryAuditEvents')).toMatchObject({ file: 'lib/datastorage/client.test.ts', line: 14 });
    expect(byName(report, 'applyWatchEvent > handles BOOKMARK events').status).toBe('skipped');
  });

  it('reads pytest --junitxml with <error> and typed <skipped>', async () => {
    const report = await parseReport(fixtureBytes('pytest-junit.xml'));
    expect(report.tool).toBe('pytest');
    expect(report.totals).toEqual({ tests: 6, passed: 2, failed: 1, errored: 1, skipped: 2, durationMs: 3217 });
    expect(report.startedAt).toBe('2025-05-14T09:20:11.482Z');
    expect(byName(report, 'test_investigate_returns_rca')).toMatchObject({
      suite: 'pytest',
      className: 'tests.test_holmesgpt_api',
      status: 'failed',
      file: 'tests/test_holmesgpt_api.py',
      line: 42,
    });
    const setupError = byName(report, 'test_audit_roundtrip');
    expect(setupError.status).toBe('error');
    expect(setupError.message).toMatch(/^failed on setup with "file \/src\/holmesgpt-api\/tests\/test_audit_client.py, line 18/);
    expect(byName(report, 'test_full_remediation')).toMatchObject({
      status: 'skipped',
      failureType: 'pytest.skip',
      message: 'requires a Kind cluster',
    });
    expect(byName(report, 'test_toolset_timeout')).toMatchObject({ status: 'skipped', failureType: 'pytest.xfail' });
  });

  it('reads a Maven Surefire report (single <testsuite> root with properties)', async () => {
    const report = await parseReport(fixtureBytes('surefire.xml'));
    expect(report.tool).toBe('maven-surefire');
    expect(report.totals).toEqual({ tests: 6, passed: 3, failed: 1, errored: 1, skipped: 1, durationMs: 412 });
    const failed = byName(report, 'buildsTargetResourceString');
    expect(failed).toMatchObject({
      failureType: 'org.opentest4j.AssertionFailedError',
      message: 'expected: <production/Deployment/api> but was: <Deployment/api>',
      file: 'SignalMapperTest.java',
      line: 64,
    });
    expect(failed.output).toContain('mapping alert KubePodCrashLooping');
    expect(byName(report, 'parsesRfc3339Timestamps')).toMatchObject({ status: 'error', failureType: 'java.lang.NullPointerException' });
    const flaky = byName(report, 'deduplicatesByFingerprint');
    expect(flaky).toMatchObject({ status: 'passed', flaky: true });
    expect(byName(report, 'mapsPrometheusRuleGroups').message).toBe('disabled until the v1.6 PrometheusRule schema lands');
  });

  it('trusts the cases over wrong declared counts and reads odd time values leniently', async () => {
    const report = await parseReport(fixtureBytes('single-testsuite.xml'));
    expect(report.totals).toEqual({ tests: 5, passed: 2, failed: 1, errored: 1, skipped: 1, durationMs: 1234500 });
    expect(report.suites[0]?.durationMs).toBe(1234500);
    expect(byName(report, 'signal to completed remediation').durationMs).toBe(312250);
    expect(byName(report, 'approval gate blocks execution').durationMs).toBe(0);
    expect(byName(report, 'hash chain verifies')).toMatchObject({ status: 'error', durationMs: 0 });
    expect(byName(report, 'effectiveness score recorded')).toMatchObject({
      status: 'failed',
      durationMs: 0,
      message: 'expected score >= 0.8, got 0.42',
      file: 'e2e/effectiveness_test.go',
      line: 77,
    });
  });
});

describe('JUnit shapes and leniency', () => {
  it('counts <skipped/> as skipped and <error> as errored; failure outranks error', async () => {
    const report = await parseXml(`<testsuites><testsuite name="s">
      <testcase name="a"><skipped/></testcase>
      <testcase name="b"><error message="boom"/></testcase>
      <testcase name="c"><error message="teardown"/><failure message="assert"/></testcase>
      <testcase name="d"/>
    </testsuite></testsuites>`);
    expect(cases(report).map((c) => [c.name, c.status, c.message])).toEqual([
      ['a', 'skipped', undefined],
      ['b', 'error', 'boom'],
      ['c', 'failed', 'assert'],
      ['d', 'passed', undefined],
    ]);
  });

  it('handles nested suites and testcases directly under <testsuites>', async () => {
    const report = await parseXml(`<testsuites name="root">
      <testsuite name="outer"><testsuite name="inner-a"><testcase name="x"/></testsuite><testsuite name="inner-b"><testcase name="y"/></testsuite></testsuite>
      <testcase name="orphan" classname="pkg"/>
    </testsuites>`);
    expect(report.suites.map((s) => [s.name, s.cases.map((c) => c.name)])).toEqual([
      ['inner-a', ['x']],
      ['inner-b', ['y']],
      ['root', ['orphan']],
    ]);
  });

  it('accepts namespace prefixes, CDATA and character references', async () => {
    const report = await parseXml(
      `<j:testsuites xmlns:j="urn:x"><j:testsuite name="s"><j:testcase name="t&#x2013;1"><j:failure message="a &amp; b"><![CDATA[<raw> & body]]></j:failure></j:testcase></j:testsuite></j:testsuites>`,
    );
    expect(cases(report)[0]).toMatchObject({ name: 't–1', status: 'failed', message: 'a & b', output: '<raw> & body' });
  });

  it('replaces raw control characters (ANSI colours) instead of failing the whole report', async () => {
    const report = await parseXml(
      `<testsuite name="s"><testcase name="t"><failure message="\u001b[31mred\u001b[0m">line\u0007</failure><system-out>\u001b[1mbold\u001b[0m</system-out></testcase></testsuite>`,
    );
    expect(cases(report)[0]).toMatchObject({ message: 'red', output: 'line\uFFFD\nbold' });
  });

  it('bounds very long attribute values and output', async () => {
    const huge = 'x'.repeat(2_000_000);
    const report = await parseXml(
      `<testsuite name="s"><testcase name="t"><failure message="${huge}">${'y'.repeat(100_000)}</failure></testcase></testsuite>`,
    );
    const c = cases(report)[0];
    expect(c?.message?.length).toBeLessThan(MESSAGE_LIMIT + 100);
    expect(c?.output?.length).toBeLessThan(9_000);
    expect(c?.output).toContain('characters truncated');
  });

  it('refuses a single value longer than maxTokenChars while it is still being read', async () => {
    const chunks = ['<testsuite name="s"><testcase name="t"><system-out>', ...Array.from({ length: 50 }, () => 'z'.repeat(65_536))];
    const error = await parseError(parseXml(chunks, { maxTokenChars: 1_000_000 }));
    expect(error.message).toMatch(/longer than 1000000 characters/);
  });

  it('streams a 10,000-case document', async () => {
    function* generate(): Generator<string> {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
      for (let s = 0; s < 10; s++) {
        yield `<testsuite name="suite-${s}" tests="1000">\n`;
        for (let i = 0; i < 1000; i++) {
          const n = s * 1000 + i;
          if (n % 100 === 0) yield `<testcase name="case ${n}" classname="c" time="0.01"><failure message="expected ${n} to be 0">at x_test.go:${n}</failure><system-out>${'o'.repeat(200)}</system-out></testcase>\n`;
          else if (n % 250 === 1) yield `<testcase name="case ${n}" classname="c" time="0.01"><skipped/></testcase>\n`;
          else yield `<testcase name="case ${n}" classname="c" time="0.01"/>\n`;
        }
        yield '</testsuite>\n';
      }
      yield '</testsuites>\n';
    }
    const report = await parseXml(generate());
    expect(report.suites).toHaveLength(10);
    expect(report.totals).toMatchObject({ tests: 10_000, failed: 100, skipped: 40, errored: 0, passed: 9_860 });
    const signatures = new Set(cases(report).filter((c) => c.status === 'failed').map((c) => failureSignature(c.message ?? '')));
    expect(signatures).toEqual(new Set(['expected <n> to be <n>']));
  });
});

describe('hostile and broken XML', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<testsuites><testsuite name="s"><testcase name="&lol9;"/></testsuite></testsuites>`;

  it('rejects a DTD declaring entities (billion laughs) without expanding anything', async () => {
    const error = await parseError(parseXml(billionLaughs));
    expect(error.message).toMatch(/DOCTYPE declarations are not accepted/);
    expect(error.line).toBe(2);
  });

  it('rejects an external entity declaration', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE testsuites [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuites><testsuite name="&xxe;"/></testsuites>`;
    const error = await parseError(parseXml(xxe));
    expect(error.message).toMatch(/DOCTYPE/);
    expect(error.message).not.toContain('root:');
  });

  it('rejects a DOCTYPE split across chunks', async () => {
    const error = await parseError(parseXml(['<?xml version="1.0"?>\n<!DOC', 'TYPE x [<!ENTITY a "b">]>', '<testsuites/>']));
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it('never resolves entity references without a DTD', async () => {
    const error = await parseError(parseXml('<testsuites>\n<testsuite name="&xxe;"/>\n</testsuites>'));
    expect(error.message).toMatch(/line 2, column \d+: undefined entity/);
    expect(error.line).toBe(2);
  });

  it('names the line and column of malformed XML', async () => {
    const error = await parseError(
      parseXml('<testsuites>\n  <testsuite name="s">\n    <testcase name="a" time=1/>\n  </testsuite>\n</testsuites>'),
    );
    expect(error.line).toBe(3);
    expect(error.column).toBeGreaterThan(20);
    expect(error.message).toMatch(/^Malformed XML at line 3, column \d+: /);
  });

  it('reports mismatched closing tags', async () => {
    const error = await parseError(parseXml('<testsuites>\n<testsuite name="s">\n</testcase>\n</testsuites>'));
    expect(error.line).toBe(3);
  });

  it('rejects a truncated document', async () => {
    const truncated = fixtureBytes('ginkgo-junit.xml').toString('utf8').slice(0, 3000);
    const error = await parseError(parseXml(truncated));
    expect(error.message).toMatch(/unclosed tag/);
    expect(error.line).toBeGreaterThan(20);
  });

  it('rejects XML that is not a JUnit report', async () => {
    const error = await parseError(parseXml('<?xml version="1.0"?>\n<html><body/></html>'));
    expect(error.message).toMatch(/root element is <html>/);
    expect(error.line).toBe(2);
  });

  it('rejects content after the root element', async () => {
    const error = await parseError(parseXml('<testsuites/>\n<testsuites/>'));
    expect(error.line).toBe(2);
  });

  it('rejects absurd nesting', async () => {
    const error = await parseError(parseXml(`<testsuites>${'<a>'.repeat(1000)}`));
    expect(error.message).toMatch(/nested deeper/);
  });
});
