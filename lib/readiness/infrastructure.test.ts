import { describe, expect, it } from 'vitest';
import type { RawDeployment, RawEvent, RawPod } from '../k8s/readiness';
import { assessInfrastructure, type InfraInput } from './infrastructure';

const NS = 'kubernaut-system';

function deployment(name: string, replicas: number, readyReplicas: number, extra: Partial<RawDeployment> = {}): RawDeployment {
  return { namespace: NS, name, replicas, readyReplicas, availableReplicas: readyReplicas, matchLabels: { app: name }, conditions: [], ...extra };
}

function pod(name: string, app: string, p: Partial<RawPod> & { ready?: boolean } = {}): RawPod {
  const ready = p.ready ?? true;
  return {
    namespace: NS,
    name,
    labels: { app, 'pod-template-hash': '7d9f8b6c5' },
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? null : 'ContainersNotReady', message: null }],
    containers: [{ name: app, ready, restartCount: 0, stateReason: null }],
    owners: [{ kind: 'ReplicaSet', name: `${app}-7d9f8b6c5` }],
    terminating: false,
    ...p,
  };
}

const allCrds: InfraInput['crds'] = ['workflowexecutions.kubernaut.ai', 'remediationrequests.kubernaut.ai', 'pipelineruns.tekton.dev'].map((name) => ({
  name,
  installed: true,
  terminating: false,
  conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: null }],
}));

function input(p: { deployments?: RawDeployment[]; pods?: RawPod[]; events?: RawEvent[]; crds?: InfraInput['crds']; ds?: InfraInput['dataStorage'] } = {}): InfraInput {
  return {
    namespaces: [{ namespace: NS, deployments: p.deployments ?? [deployment('datastorage', 1, 1)], pods: p.pods ?? [pod('datastorage-7d9f8b6c5-x2k4p', 'datastorage')], events: p.events ?? [] }],
    crds: p.crds ?? allCrds,
    dataStorage: p.ds ?? { ready: true, message: null },
  };
}

describe('assessInfrastructure', () => {
  it('is green when every deployment, pod, CRD and Data Storage is ready', () => {
    const s = assessInfrastructure(input());
    expect(s.ready).toBe(true);
    expect(s.reasons).toEqual([]);
    expect(s.namespaces[0]?.pods[0]).toMatchObject({ ready: true, deployment: 'datastorage', counted: true, readyCondition: 'True' });
    expect(s.crds.every((c) => c.established)).toBe(true);
  });

  it('names a deployment short of ready replicas and its not-Ready pod with the latest warning', () => {
    const s = assessInfrastructure(
      input({
        deployments: [deployment('authwebhook', 1, 0, { conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: null }] })],
        pods: [pod('authwebhook-7d9f8b6c5-abcde', 'authwebhook', { ready: false, containers: [{ name: 'authwebhook', ready: false, restartCount: 4, stateReason: 'CrashLoopBackOff' }] })],
        events: [
          { involvedKind: 'Pod', involvedName: 'authwebhook-7d9f8b6c5-abcde', reason: 'BackOff', message: 'Back-off restarting failed container', count: 7, lastSeen: '2026-01-01T10:05:00.000Z' },
          { involvedKind: 'Pod', involvedName: 'authwebhook-7d9f8b6c5-abcde', reason: 'Unhealthy', message: 'Readiness probe failed', count: 3, lastSeen: '2026-01-01T10:00:00.000Z' },
        ],
      }),
    );
    expect(s.ready).toBe(false);
    expect(s.reasons).toEqual([
      {
        scope: 'deployment',
        item: 'deployment kubernaut-system/authwebhook',
        message: 'has 0/1 ready replicas (MinimumReplicasUnavailable)',
        deployment: 'kubernaut-system/authwebhook',
      },
      {
        scope: 'pod',
        item: 'pod kubernaut-system/authwebhook-7d9f8b6c5-abcde',
        message: 'is not Ready: phase Running, Ready=False (ContainersNotReady), container CrashLoopBackOff, 4 restarts; latest warning BackOff: Back-off restarting failed container',
        deployment: 'kubernaut-system/authwebhook',
      },
    ]);
    expect(s.namespaces[0]?.pods[0]).toMatchObject({ restarts: 4, warnings: [{ reason: 'BackOff' }, { reason: 'Unhealthy' }] });
  });

  it('reads readiness from phase and the Ready condition, not from container flags', () => {
    // Running with Ready=True is ready even if a container flag disagrees (the API's condition is the truth).
    const ready = pod('a-7d9f8b6c5-aaaaa', 'a', { containers: [{ name: 'a', ready: false, restartCount: 0, stateReason: null }] });
    // Pending with Ready=True (stale) is not ready.
    const pending = pod('b-7d9f8b6c5-bbbbb', 'b', { phase: 'Pending' });
    // No Ready condition at all is Unknown, hence not ready.
    const noCondition = pod('c-7d9f8b6c5-ccccc', 'c', { conditions: [] });
    const s = assessInfrastructure(input({ deployments: [], pods: [ready, pending, noCondition] }));
    expect(s.namespaces[0]?.pods.map((p) => [p.name, p.ready, p.readyCondition])).toEqual([
      ['a-7d9f8b6c5-aaaaa', true, 'True'],
      ['b-7d9f8b6c5-bbbbb', false, 'True'],
      ['c-7d9f8b6c5-ccccc', false, 'Unknown'],
    ]);
    expect(s.reasons.map((r) => r.item)).toEqual(['pod kubernaut-system/b-7d9f8b6c5-bbbbb', 'pod kubernaut-system/c-7d9f8b6c5-ccccc']);
  });

  it('does not count execution pods, finished pods or terminating pods', () => {
    const s = assessInfrastructure(
      input({
        deployments: [],
        pods: [
          pod('wfe-abc-task-pod', 'x', { phase: 'Failed', ready: false, owners: [{ kind: 'TaskRun', name: 'wfe-abc-task' }] }),
          pod('job-pod', 'y', { phase: 'Succeeded', ready: false, owners: [{ kind: 'Job', name: 'j' }] }),
          pod('old-7d9f8b6c5-zzzzz', 'old', { ready: false, terminating: true }),
        ],
      }),
    );
    expect(s.ready).toBe(true);
    expect(s.namespaces[0]?.pods.map((p) => p.counted)).toEqual([false, false, false]);
  });

  it('flags a scaled-to-zero deployment', () => {
    const s = assessInfrastructure(input({ deployments: [deployment('gateway', 0, 0)], pods: [] }));
    expect(s.reasons.map((r) => `${r.item} ${r.message}`)).toEqual(['deployment kubernaut-system/gateway is scaled to 0 replicas']);
  });

  it('names missing, not Established and unreadable CRDs, and Data Storage down', () => {
    const s = assessInfrastructure(
      input({
        crds: [
          { name: 'workflowexecutions.kubernaut.ai', installed: true, terminating: false, conditions: [{ type: 'Established', status: 'False', reason: 'Installing', message: 'the initial names have not been accepted' }] },
          { name: 'remediationrequests.kubernaut.ai', error: "Flightdeck's ServiceAccount may not read CRD remediationrequests.kubernaut.ai." },
          { name: 'pipelineruns.tekton.dev', installed: false, terminating: false, conditions: [] },
        ],
        ds: { ready: false, message: 'Data Storage is unreachable.' },
      }),
    );
    expect(s.ready).toBe(false);
    expect(s.reasons.map((r) => `${r.scope}: ${r.item} ${r.message}`)).toEqual([
      'crd: CRD workflowexecutions.kubernaut.ai (WorkflowExecution) is not Established (Installing: the initial names have not been accepted)',
      "kubernetes: CRD remediationrequests.kubernaut.ai could not be read: Flightdeck's ServiceAccount may not read CRD remediationrequests.kubernaut.ai.",
      'crd: CRD pipelineruns.tekton.dev (Tekton PipelineRun) is not installed',
      'datastorage: Data Storage is not ready: Data Storage is unreachable.',
    ]);
  });

  it('reports a namespace that could not be read', () => {
    const s = assessInfrastructure({ ...input(), namespaces: [{ namespace: 'kubernaut-workflows', error: 'The Kubernetes API could not be reached.' }] });
    expect(s.reasons).toEqual([{ scope: 'kubernetes', item: 'namespace kubernaut-workflows', message: 'could not be read: The Kubernetes API could not be reached.' }]);
  });
});
