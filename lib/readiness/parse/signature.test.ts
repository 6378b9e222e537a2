import { describe, expect, it } from 'vitest';

import { extractLocation, failureSignature } from './signature';

function expectSameSignature(a: string, b: string): void {
  expect(failureSignature(a)).toBe(failureSignature(b));
}

describe('failureSignature', () => {
  it.each([
    ['numbers', 'expected 17 events, got 3', 'expected 1 events, got 42'],
    ['Gomega values', 'Expected\n    <int>: 17\nto equal\n    <int>: 1', 'Expected\n    <int>: 16\nto equal\n    <int>: 1'],
    [
      'UUIDs',
      'audit event 3f1c2a9e-8b7d-4c1e-9f0a-1b2c3d4e5f60 missing',
      'audit event 0e6b1f4a-2c3d-4e5f-8a9b-0c1d2e3f4a5b missing',
    ],
    ['hex ids', 'container 4b1c9e2fa8 exited, pointer 0xc000a1e2d0', 'container 9ad03b7c1e exited, pointer 0xc0004b6f00'],
    ['durations', 'Timed out after 30.001s waiting 300ms', 'Timed out after 2m30s waiting 15ms'],
    ['RFC 3339 timestamps', 'event at 2025-05-14T09:11:02.883Z not seen', 'event at 2024-01-02T03:04:05+02:00 not seen'],
    ['Go time.Time strings', 'deadline 2025-05-14 09:11:02.883 +0000 UTC passed', 'deadline 2025-06-01 10:00:00 +0000 UTC passed'],
    ['klog and syslog prefixes', 'I0514 09:50:12.004211 mapper failed', 'E0101 00:00:01.000001 mapper failed'],
    ['syslog dates', 'May 14 09:50:12 node kubelet: probe failed', 'Jan  2 15:04:05 node kubelet: probe failed'],
    ['Ginkgo timestamps', 'In [It] at: x_test.go:142 @ 05/14/25 09:11:02.883', 'In [It] at: x_test.go:171 @ 05/15/25 10:01:13.402'],
    ['IPv4 addresses', 'dial tcp 10.96.14.2:8080: connect: connection refused', 'dial tcp 172.18.0.3:443: connect: connection refused'],
    ['IPv6 addresses', 'dial tcp [fd00:10:96::a]:8080: i/o timeout', 'dial tcp [2001:db8::1]:443: i/o timeout'],
    ['pod names', 'pod "api-7d9f8b6c5-x2k4p" not ready', 'pod "api-5f6d4c8b9-qz7wm" not ready'],
    ['job pod suffixes', 'pod wfe-run-x2k4p failed', 'pod wfe-run-7hq9z failed'],
    [
      'file paths with line numbers',
      'panic at /home/runner/work/kubernaut/pkg/a/reconciler.go:412 +0x3c',
      'panic at /tmp/build/pkg/b/handler.go:97 +0x1c4',
    ],
    ['whitespace', 'connection   refused\n\tby peer', 'connection refused by peer'],
  ])('groups messages that differ only in %s', (_what, a, b) => {
    expectSameSignature(a, b);
  });

  it('keeps different failures apart', () => {
    const signatures = new Set(
      [
        'Expected\n    <int>: 17\nto equal\n    <int>: 1',
        'Expected\n    <bool>: false\nto be true',
        'A node timeout occurred',
        'runtime error: invalid memory address or nil pointer dereference',
        'dial tcp 10.96.14.2:8080: connect: connection refused',
        'dial tcp 10.96.14.2:8080: i/o timeout',
        'pod "api-7d9f8b6c5-x2k4p" not ready',
        'pod "worker-7d9f8b6c5-x2k4p" not ready',
      ].map(failureSignature),
    );
    expect(signatures.size).toBe(8);
  });

  it('keeps case, collapses whitespace and bounds the length', () => {
    expect(failureSignature('  Pod   NotReady\n\n after 5s ')).toBe('Pod NotReady after <duration>');
    expect(failureSignature('x'.repeat(10_000)).length).toBeLessThanOrEqual(300);
  });

  it('shows what it normalised', () => {
    expect(failureSignature('pod "api-7d9f8b6c5-x2k4p" not ready after 30.5s at 2025-05-14T09:11:02Z (attempt 3)')).toBe(
      'pod "api-<pod>" not ready after <duration> at <time> (attempt <n>)',
    );
  });

  it('strips ANSI colour codes', () => {
    expectSameSignature('\u001b[31mFAIL\u001b[0m: boom', 'FAIL: boom');
  });
});

describe('extractLocation', () => {
  it('reads Ginkgo "In [It] at:" locations', () => {
    expect(extractLocation('[FAILED] x\nIn [It] at: /src/test/e2e/audit_test.go:142 @ 05/14/25 09:11:02.883')).toEqual({
      file: '/src/test/e2e/audit_test.go',
      line: 142,
    });
  });

  it('reads Go, TypeScript, Java and Python locations', () => {
    expect(extractLocation('    manager_test.go:57: phase must never be empty')).toEqual({ file: 'manager_test.go', line: 57 });
    expect(extractLocation('Error: boom\n ❯ lib/k8s/watch.test.ts:58:32')).toEqual({ file: 'lib/k8s/watch.test.ts', line: 58 });
    expect(extractLocation('\tat ai.kubernaut.Foo.bar(SignalMapperTest.java:64)')).toEqual({ file: 'SignalMapperTest.java', line: 64 });
    expect(extractLocation('Traceback:\n  File "/src/tests/test_api.py", line 42, in test_x')).toEqual({
      file: '/src/tests/test_api.py',
      line: 42,
    });
    expect(extractLocation('at Object.<anonymous> (file:///app/src/x.spec.ts:12:5)')).toEqual({ file: '/app/src/x.spec.ts', line: 12 });
  });

  it('prefers a test file over library frames', () => {
    const trace = [
      'Error: Data Storage did not start',
      ' ❯ waitForHealthy tools/test/stack.ts:88:11',
      ' ❯ lib/datastorage/client.test.ts:14:3',
    ].join('\n');
    expect(extractLocation(trace)).toEqual({ file: 'lib/datastorage/client.test.ts', line: 14 });
    expect(extractLocation('at lib/a.ts:3:1\nat lib/b.ts:9:2')).toEqual({ file: 'lib/a.ts', line: 3 });
  });

  it('ignores host:port, URLs and text without a location', () => {
    expect(extractLocation('dial tcp data-storage-service.kubernaut-system.svc:8080: refused')).toEqual({});
    expect(extractLocation('GET https://api.example.com:443/readyz failed')).toEqual({});
    expect(extractLocation('dial tcp 10.96.14.2:8080: refused')).toEqual({});
    expect(extractLocation('expected 3 to be 0')).toEqual({});
  });
});

describe('hostile input', () => {
  // Quadratic regex behaviour on these inputs takes minutes; the test timeout catches it.
  it('stays linear on pathological text', () => {
    for (const text of ['In ['.repeat(20_000), 'File "'.repeat(20_000), 'a.'.repeat(40_000), `\u001b[${'0'.repeat(60_000)}`, '1s'.repeat(30_000) + 'x']) {
      extractLocation(text);
      expect(failureSignature(text).length).toBeLessThanOrEqual(300);
    }
  });
});
