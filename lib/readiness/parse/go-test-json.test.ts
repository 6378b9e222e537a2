
import { describe, expect, it } from 'vitest';
import { byName, cases, fixtureText, parseError } from './test-support';

import { NO_RESULT_MESSAGE } from './go-test-json';
import { parseReport } from './index';

const PKG = 'example.com/svc';

function event(fields: Record<string, unknown>): string {
  return JSON.stringify({ Time: '2025-05-14T10:00:00.123456789Z', ...fields });
}

function stream(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const parse = (text: string, opts: { maxTokenChars?: number } = {}) => parseReport(text, { format: 'go-test-json', ...opts });

describe('go test -json', () => {
  it('reads the fixture stream: subtests, skips, a build failure and a test killed by the timeout', async () => {
    const report = await parseReport(fixtureText('go-test.json'));
    expect(report.format).toBe('go-test-json');
    expect(report.tool).toBe('go test');
    expect(report.totals).toEqual({ tests: 10, passed: 5, failed: 3, errored: 1, skipped: 1, durationMs: 120530 });
    expect(report.startedAt).toBe('2025-05-14T09:02:11.031Z');
    // Package-level results are not cases, so a package with no test files has no suite.
    expect(report.suites.map((s) => s.name)).toEqual([
      'github.com/jordigilh/kubernaut/pkg/notification',
      'github.com/jordigilh/kubernaut/pkg/workflowexecution/audit',
      'github.com/jordigilh/kubernaut/pkg/datastorage/client',
      'github.com/jordigilh/kubernaut/internal/controller/workflowexecution',
    ]);

    const crashed = byName(report, 'TestReconcile_WaitsForPipelineRun');
    expect(crashed).toMatchObject({ status: 'failed', message: NO_RESULT_MESSAGE });
    expect(crashed.output).toContain('panic: test timed out after 2m0s');

    const sub = byName(report, 'TestManager_Idempotency/duplicate_reconcile');
    expect(sub).toMatchObject({
      suite: 'github.com/jordigilh/kubernaut/pkg/workflowexecution/audit',
      className: 'github.com/jordigilh/kubernaut/pkg/workflowexecution/audit',
      status: 'failed',
      durationMs: 9,
      file: 'manager_test.go',
      line: 103,
    });
    expect(sub.message).toContain('actual  : 17');
    expect(sub.message).not.toContain('=== RUN');
    expect(sub.output).toContain('--- FAIL: TestManager_Idempotency/duplicate_reconcile');

    expect(byName(report, 'TestManager_Idempotency')).toMatchObject({
      status: 'failed',
      message: 'subtest failed: TestManager_Idempotency/duplicate_reconcile',
    });
    expect(byName(report, 'TestManager_Idempotency/first_reconcile')).toMatchObject({ status: 'passed', durationMs: 1 });
    expect(byName(report, 'TestManager_Idempotency/first_reconcile').output).toBeUndefined();
    expect(byName(report, 'TestManager_PostgresRoundTrip')).toMatchObject({
      status: 'skipped',
      message: 'manager_test.go:131: requires PostgreSQL (set KUBERNAUT_TEST_PG_DSN)',
    });
    expect(byName(report, '[build failed]')).toMatchObject({
      status: 'error',
      message: 'build failed: pkg/notification/slack_test.go:22:9: undefined: renderTemplate',
      file: 'pkg/notification/slack_test.go',
      line: 22,
    });
  });

  it('counts a test with no final action in a cut-off stream as failed, ignoring the half-written last line', async () => {
    const text = stream(
      event({ Action: 'start', Package: PKG }),
      event({ Action: 'run', Package: PKG, Test: 'TestA' }),
      event({ Action: 'pass', Package: PKG, Test: 'TestA', Elapsed: 0.5 }),
      event({ Action: 'run', Package: PKG, Test: 'TestB' }),
      event({ Action: 'output', Package: PKG, Test: 'TestB', Output: '=== RUN   TestB\n' }),
    ).concat('{"Time":"2025-05-14T10:00:01Z","Action":"outp');
    const report = await parse(text);
    expect(cases(report).map((c) => [c.name, c.status, c.message])).toEqual([
      ['TestA', 'passed', undefined],
      ['TestB', 'failed', NO_RESULT_MESSAGE],
    ]);
  });

  it('reports a package that failed without a failing test (TestMain, init panic)', async () => {
    const report = await parse(
      stream(
        event({ Action: 'start', Package: PKG }),
        event({ Action: 'output', Package: PKG, Output: 'panic: init: missing KUBECONFIG\n' }),
        event({ Action: 'output', Package: PKG, Output: 'FAIL\texample.com/svc\t0.003s\n' }),
        event({ Action: 'fail', Package: PKG, Elapsed: 0.003 }),
      ),
    );
    expect(cases(report)).toEqual([
      expect.objectContaining({ name: '[package]', status: 'error', message: 'panic: init: missing KUBECONFIG' }),
    ]);
  });

  it('does not turn package-level results into cases', async () => {
    const report = await parse(
      stream(
        event({ Action: 'run', Package: PKG, Test: 'TestA' }),
        event({ Action: 'pass', Package: PKG, Test: 'TestA', Elapsed: 0 }),
        event({ Action: 'output', Package: PKG, Output: 'ok  \texample.com/svc\t0.010s\n' }),
        event({ Action: 'pass', Package: PKG, Elapsed: 0.01 }),
      ),
    );
    expect(report.totals.tests).toBe(1);
    expect(report.suites[0]?.durationMs).toBe(10);
  });

  it('keeps each run of a test run with -count=2', async () => {
    const report = await parse(
      stream(
        event({ Action: 'run', Package: PKG, Test: 'TestFlaky' }),
        event({ Action: 'pass', Package: PKG, Test: 'TestFlaky', Elapsed: 0 }),
        event({ Action: 'run', Package: PKG, Test: 'TestFlaky' }),
        event({ Action: 'output', Package: PKG, Test: 'TestFlaky', Output: '    flaky_test.go:9: got 2\n' }),
        event({ Action: 'fail', Package: PKG, Test: 'TestFlaky', Elapsed: 0 }),
        event({ Action: 'fail', Package: PKG, Elapsed: 0.01 }),
      ),
    );
    expect(cases(report).map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(cases(report)[1]).toMatchObject({ message: 'flaky_test.go:9: got 2', file: 'flaky_test.go', line: 9 });
  });

  it('skips non-JSON lines that 2>&1 mixes into the stream', async () => {
    const report = await parseReport(
      [
        'go: downloading github.com/onsi/gomega v1.36.2',
        event({ Action: 'run', Package: PKG, Test: 'TestA' }),
        '# warning: something on stderr',
        event({ Action: 'pass', Package: PKG, Test: 'TestA', Elapsed: 0 }),
      ].join('\r\n'),
    );
    expect(report.format).toBe('go-test-json');
    expect(report.totals.passed).toBe(1);
  });

  it('names the stream line and column of invalid JSON', async () => {
    const error = await parseError(
      parse(
        stream(
          event({ Action: 'run', Package: PKG, Test: 'TestA' }),
          event({ Action: 'pass', Package: PKG, Test: 'TestA' }),
          '{"Action":"output","Package":"example.com/svc" "Output":"x"}',
          event({ Action: 'pass', Package: PKG }),
        ),
      ),
    );
    expect(error.line).toBe(3);
    expect(error.column).toBe(48);
    expect(error.message).toMatch(/^Invalid JSON in go test -json stream at line 3, column 48/);
  });

  it('rejects a JSON line that is not a test2json event', async () => {
    const error = await parseError(parse(stream(event({ Action: 'start', Package: PKG }), '{"Action": 42}')));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/Line 2 is not a go test -json event: Action/);
  });

  it('rejects a stream without any events', async () => {
    const error = await parseError(parse('hello\nworld\n'));
    expect(error.message).toMatch(/No go test -json events/);
  });

  it('refuses a line longer than maxTokenChars', async () => {
    const long = event({ Action: 'output', Package: PKG, Test: 'TestA', Output: 'x'.repeat(300_000) });
    const error = await parseError(parse(stream(event({ Action: 'run', Package: PKG, Test: 'TestA' }), long), { maxTokenChars: 100_000 }));
    expect(error.message).toMatch(/Line 2 .* longer than 100000 characters/);
  });
});
