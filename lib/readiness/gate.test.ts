import { describe, expect, it } from 'vitest';
import { runStatusOf, type InfrastructureSnapshot, type RunSummary } from '../schemas/readiness';
import { buildOverview, deploymentBelongsTo, overviewToMarkdown } from './gate';
import type { MatrixData } from './store';

let nextId = 1;
function run(p: Partial<RunSummary> & { service: string; tier: string }): RunSummary {
  const counts = { tests: p.tests ?? 10, passed: p.passed ?? 10, failed: p.failed ?? 0, errored: p.errored ?? 0, skipped: p.skipped ?? 0, durationMs: 1000 };
  return {
    id: String(nextId++),
    runId: 'r',
    arch: '',
    commit: 'abc1234',
    branch: 'main',
    format: 'junit',
    tool: null,
    startedAt: null,
    finishedAt: null,
    runAt: '2026-01-01T10:00:00.000Z',
    receivedAt: '2026-01-01T10:00:00.000Z',
    ...p,
    ...counts,
    status: runStatusOf(counts),
  };
}

function matrix(...runs: RunSummary[]): MatrixData {
  return { cells: runs.map((latest) => ({ service: latest.service, tier: latest.tier, latest, trend: [], arches: [] })) };
}

function infra(p: Partial<InfrastructureSnapshot> = {}): { snapshot: InfrastructureSnapshot } {
  return {
    snapshot: {
      checkedAt: '2026-01-01T12:00:00.000Z',
      ready: true,
      reasons: [],
      namespaces: [
        {
          name: 'kubernaut-system',
          deployments: ['workflowexecution-controller', 'datastorage', 'authwebhook'].map((name) => ({
            namespace: 'kubernaut-system',
            name,
            replicas: 1,
            readyReplicas: 1,
            ready: true,
            reason: null,
            warnings: [],
          })),
          pods: [],
        },
      ],
      crds: [],
      dataStorage: { ready: true, message: null },
      ...p,
    },
  };
}

describe('deploymentBelongsTo', () => {
  it.each([
    ['workflowexecution', 'workflowexecution-controller', true],
    ['datastorage', 'datastorage', true],
    ['datastorage', 'data-storage', true],
    ['holmesgpt-api', 'holmesgpt-api', true],
    ['gateway', 'kubernaut-gateway-v2', true],
    ['storage', 'datastorage', false],
    ['workflow', 'workflowexecution-controller', false],
    ['authwebhook', 'workflowexecution-controller', false],
  ])('%s owns %s: %s', (service, deployment, expected) => {
    expect(deploymentBelongsTo(service, deployment)).toBe(expected);
  });
});

describe('buildOverview', () => {
  it('marks a service ready when every tier is green on one commit and its infrastructure is ready', () => {
    const o = buildOverview(
      matrix(run({ service: 'workflowexecution', tier: 'unit', tests: 249, passed: 249 }), run({ service: 'workflowexecution', tier: 'e2e', tests: 12, passed: 12 })),
      infra(),
    );
    expect(o.services[0]).toMatchObject({ service: 'workflowexecution', ready: true, blocking: [], commit: 'abc1234', deployments: ['kubernaut-system/workflowexecution-controller'] });
    expect(o.tiers).toEqual(['unit', 'e2e']);
  });

  it('names a red tier with its counts and commit', () => {
    const o = buildOverview(matrix(run({ service: 'workflowexecution', tier: 'e2e', tests: 12, passed: 9, failed: 3 })), infra());
    expect(o.services[0]?.ready).toBe(false);
    expect(o.services[0]?.blocking).toEqual([{ kind: 'tier', tier: 'e2e', message: 'E2E: 9/12 (3 failing) on abc1234' }]);
  });

  it('treats a run where nothing ran as blocking', () => {
    const o = buildOverview(matrix(run({ service: 'datastorage', tier: 'unit', tests: 3, passed: 0, skipped: 3 })), infra());
    expect(o.services[0]?.blocking.map((b) => b.message)).toEqual(['Unit: no tests ran on abc1234 (3 skipped)']);
  });

  it('blocks when tiers are on different commits, naming both', () => {
    const o = buildOverview(
      matrix(
        run({ service: 'datastorage', tier: 'unit', commit: '1111111aaaa', runAt: '2026-01-01T09:00:00.000Z' }),
        run({ service: 'datastorage', tier: 'e2e', commit: '2222222bbbb', runAt: '2026-01-01T10:00:00.000Z' }),
      ),
      infra(),
    );
    expect(o.services[0]?.blocking.map((b) => b.message)).toEqual(['Unit is on commit 1111111aaaa while E2E is on 2222222bbbb']);
  });

  it('blocks a run without a commit', () => {
    const o = buildOverview(matrix(run({ service: 'datastorage', tier: 'unit', commit: '' })), infra());
    expect(o.services[0]?.blocking.map((b) => b.message)).toEqual(['Unit: the latest run names no commit']);
  });

  it('blocks on a red run of another architecture on the same commit', () => {
    const latest = run({ service: 'datastorage', tier: 'e2e', arch: 'amd64' });
    const m: MatrixData = {
      cells: [
        {
          service: 'datastorage',
          tier: 'e2e',
          latest,
          trend: [],
          arches: [
            { arch: 'amd64', status: 'green', id: latest.id, ratio: '10/10', failing: 0 },
            { arch: 'arm64', status: 'red', id: '999', ratio: '8/10', failing: 2 },
          ],
        },
      ],
    };
    expect(buildOverview(m, infra()).services[0]?.blocking.map((b) => b.message)).toEqual(['E2E on arm64: 8/10 (2 failing) on abc1234']);
  });

  it('blocks on its own deployments and on platform items, not on other services’ deployments', () => {
    const snapshot = infra({
      ready: false,
      reasons: [
        { scope: 'pod', item: 'pod kubernaut-system/authwebhook-7d9f8b6c5-x2k4p', message: 'is not Ready: phase Running, Ready=False (ContainersNotReady)', deployment: 'kubernaut-system/authwebhook' },
        { scope: 'crd', item: 'CRD pipelineruns.tekton.dev (Tekton PipelineRun)', message: 'is not installed' },
      ],
    });
    const o = buildOverview(matrix(run({ service: 'authwebhook', tier: 'unit' }), run({ service: 'datastorage', tier: 'unit' })), snapshot);
    const [auth, ds] = o.services;
    expect(auth?.blocking.map((b) => b.message)).toEqual([
      'Infrastructure: pod kubernaut-system/authwebhook-7d9f8b6c5-x2k4p is not Ready: phase Running, Ready=False (ContainersNotReady)',
      'Infrastructure: CRD pipelineruns.tekton.dev (Tekton PipelineRun) is not installed',
    ]);
    expect(ds?.blocking.map((b) => b.message)).toEqual(['Infrastructure: CRD pipelineruns.tekton.dev (Tekton PipelineRun) is not installed']);
    expect(o.infrastructure.ready).toBe(false);
  });

  it('blocks a service with no matching Deployment and when the infrastructure is unknown', () => {
    expect(buildOverview(matrix(run({ service: 'notification', tier: 'unit' })), infra()).services[0]?.blocking.map((b) => b.message)).toEqual([
      'Infrastructure: no Deployment named like "notification" in kubernaut-system',
    ]);
    const unknown = buildOverview(matrix(run({ service: 'datastorage', tier: 'unit' })), { error: 'the Kubernetes API could not be reached' });
    expect(unknown.services[0]?.blocking.map((b) => b.message)).toEqual(['Infrastructure: unknown (the Kubernetes API could not be reached)']);
    expect(unknown.infrastructure.ready).toBe(false);
  });
});

describe('overviewToMarkdown', () => {
  it('writes a status table with passed/total cells and blocking reasons', () => {
    const o = buildOverview(
      matrix(
        run({ service: 'workflowexecution', tier: 'build', tests: 1, passed: 1 }),
        run({ service: 'workflowexecution', tier: 'unit', tests: 249, passed: 249 }),
        run({ service: 'workflowexecution', tier: 'integration', tests: 74, passed: 74 }),
        run({ service: 'workflowexecution', tier: 'e2e', tests: 12, passed: 9, failed: 3 }),
        run({ service: 'datastorage', tier: 'unit', tests: 30, passed: 30 }),
      ),
      infra(),
      { now: new Date('2026-01-02T00:00:00Z') },
    );
    const md = overviewToMarkdown(o);
    const lines = md.split('\n');
    expect(lines).toContain('| Service | Build | Unit | Integration | E2E | Commit | Ready |');
    expect(lines).toContain('| datastorage | — | ✅ 30/30 | — | — | `abc1234` | ✅ ready |');
    expect(lines).toContain(
      '| workflowexecution | ✅ 1/1 | ✅ 249/249 | ✅ 74/74 | ❌ 9/12 (3 failing) | `abc1234` | ❌ E2E: 9/12 (3 failing) on abc1234 |',
    );
    expect(md).toContain('Infrastructure: ✅ ready');
  });

  it('escapes table syntax in names and messages', () => {
    const o = buildOverview(matrix(run({ service: 'svc', tier: 'unit' })), { error: 'broken | pipe' });
    expect(overviewToMarkdown(o)).toContain('Infrastructure: unknown (broken \\| pipe)');
  });
});
