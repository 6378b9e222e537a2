/**
 * Executions against the real local stack: WorkflowExecutions created in several
 * namespaces, driven through the status subresource as Kubernaut's controller does, and
 * read back through Flightdeck's route handlers, cache and live stream.
 *
 * Their status is hand-written because these tests are about Flightdeck's list, cache and
 * stream over many namespaces and exact times, and need an invalid object; what the real
 * controller writes (lifecycle, deduplication, cooldown, block clearance, Jobs) is tested
 * in controller.test.ts. The objects stay out of kubernaut-system, where the controller
 * would fail a Running execution that lacks status.executionEngine.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '@/app/api/v1/executions/route';
import { GET as detailRoute } from '@/app/api/v1/executions/[namespace]/[name]/route';
import { GET as outcomesRoute } from '@/app/api/v1/executions/outcomes/route';
import { GET as overviewRoute } from '@/app/api/v1/overview/route';
import { GET as streamRoute } from '@/app/api/v1/stream/route';
import { resetEnvForTests } from '@/lib/env';
import { resetKubeConfigForTests } from '@/lib/k8s/client';
import { ExecutionCache, executionCache, resetExecutionCacheForTests } from '@/lib/executions/cache';
import { LiveBus } from '@/lib/live/bus';
import type { ExecutionDetail, ExecutionListResponse } from '@/lib/schemas/executions';
import type { LiveEvent } from '@/lib/schemas/live';
import type { ExecutionsOverview } from '@/lib/schemas/overview';
import { Arranger, eventually, readyCondition, tokenConfig } from './executions-fixtures';

const run = randomBytes(3).toString('hex');
const nsA = `fd-exec-a-${run}`;
const nsB = `fd-exec-b-${run}`;
const nsC = `fd-exec-c-${run}`;
const EXEC_NS = 'kubernaut-workflows';
/** Kubernaut's admission webhook (authwebhook) refuses a block clearance reason of fewer than 10 words. */
const CLEAR_REASON = 'manual investigation complete: the failed node was drained and the workload moved elsewhere';
const admin = new Arranger();
const BASE = 'http://flightdeck.test';

async function list(query: string): Promise<ExecutionListResponse> {
  const res = await listRoute(new Request(`${BASE}/api/v1/executions?${query}`), { params: Promise.resolve({}) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ExecutionListResponse;
}

async function detail(namespace: string, name: string): Promise<Response> {
  return detailRoute(new Request(`${BASE}/api/v1/executions/${namespace}/${name}`), { params: Promise.resolve({ namespace, name }) });
}

/** A minimal SSE client over the route's response body. */
class SseClient {
  readonly events: LiveEvent[] = [];
  readonly ids: string[] = [];
  private readonly abort = new AbortController();
  private buffer = '';
  done: Promise<void> = Promise.resolve();
  status = 0;
  headers = new Headers();

  async open(query: string, lastEventId?: string): Promise<this> {
    const res = await streamRoute(
      new Request(`${BASE}/api/v1/stream?${query}`, { signal: this.abort.signal, headers: lastEventId ? { 'last-event-id': lastEventId } : {} }),
      { params: Promise.resolve({}) },
    );
    this.status = res.status;
    this.headers = res.headers;
    if (!res.body) return this;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    this.done = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.buffer += decoder.decode(value);
        let end = this.buffer.indexOf('\n\n');
        while (end >= 0) {
          this.handle(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
          end = this.buffer.indexOf('\n\n');
        }
      }
    })();
    return this;
  }

  private handle(block: string): void {
    let event = 'message';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) this.ids.push(line.slice(4));
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ') && event === 'message') this.events.push(JSON.parse(line.slice(6)) as LiveEvent);
    }
  }

  close(): Promise<void> {
    this.abort.abort();
    return this.done;
  }
}

const now = () => new Date().toISOString();

const savedWatchNamespaces = process.env.WATCH_NAMESPACES;

beforeAll(async () => {
  for (const ns of [nsA, nsB, nsC]) await admin.namespace(ns);
  process.env.WATCH_NAMESPACES = `${nsA},${nsB}`;
  resetEnvForTests();
  resetKubeConfigForTests();
  resetExecutionCacheForTests();

  await admin.remediation(nsA, `rr-ok-${run}`, { signalName: 'KubePodCrashLooping', severity: 'critical', overallPhase: 'Executing' });
  await admin.remediation(nsA, `rr-fail-${run}`, { signalName: 'KubeContainerOOMKilled', severity: 'high' });

  // Completed: Pending → Running → Completed.
  await admin.wfe(nsA, `we-ok-${run}`, { workflowId: 'restart-deployment', target: `${nsA}/Deployment/payments-api`, rr: `rr-ok-${run}` });
  // Failed with failure details, a secret parameter, and a PipelineRun with TaskRuns.
  await admin.wfe(nsA, `we-fail-${run}`, {
    workflowId: 'increase-memory',
    target: `${nsA}/Deployment/checkout`,
    rr: `rr-fail-${run}`,
    parameters: { TARGET_NAMESPACE: nsA, SLACK_API_TOKEN: 'xoxb-super-secret', MEMORY_LIMIT: '1Gi' },
  });
  // Stays Pending (empty status).
  await admin.wfe(nsA, `we-pending-${run}`, { workflowId: 'restart-deployment', target: `${nsA}/Deployment/cart`, rr: `rr-pending-${run}` });
  // Deduplicated by we-ok.
  await admin.wfe(nsB, `we-dup-${run}`, { workflowId: 'restart-deployment', target: `${nsA}/Deployment/payments-api`, rr: `rr-dup-${run}` });
  // Completed after a block clearance.
  await admin.wfe(nsB, `we-cleared-${run}`, { workflowId: 'rollback-deployment', target: `${nsB}/Deployment/search`, rr: `rr-cleared-${run}` });
  // Invalid for Flightdeck (empty workflow id) although the CRD accepts it.
  await admin.wfe(nsB, `we-invalid-${run}`, { workflowId: '', target: `${nsB}/Deployment/x`, rr: `rr-invalid-${run}` });
  // Not watched.
  await admin.wfe(nsC, `we-unwatched-${run}`, { workflowId: 'restart-deployment', target: `${nsC}/Deployment/x`, rr: `rr-x-${run}` });

  // Start the cache after some objects exist (initial list) and drive the rest live (watch).
  executionCache();

  const t0 = new Date(Date.now() - 120_000).toISOString();
  await admin.status(nsA, `we-ok-${run}`, { phase: 'Pending', conditions: [readyCondition('False', 'Pending')] });
  await admin.status(nsA, `we-ok-${run}`, { phase: 'Running', startTime: t0, executionRef: { name: `wfe-ok-${run}` }, conditions: [readyCondition('Unknown', 'ExecutionRunning')] });
  await admin.status(nsA, `we-ok-${run}`, { phase: 'Completed', completionTime: now(), duration: '2m0s', conditions: [readyCondition('True', 'ExecutionSucceeded')] });

  await admin.tekton(
    'pipelineruns',
    EXEC_NS,
    {
      metadata: { name: `wfe-fail-${run}`, labels: { 'kubernaut.ai/workflow-execution': `we-fail-${run}`, 'kubernaut.ai/workflow-id': 'increase-memory', 'kubernaut.ai/source-namespace': nsA } },
      spec: { pipelineRef: { name: 'increase-memory' } },
    },
    { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed', message: 'Tasks Completed: 2 (Failed: 1)' }], startTime: t0, pipelineSpec: { tasks: [{ name: 'backup' }, { name: 'patch-memory' }, { name: 'verify' }] } },
  );
  await admin.tekton(
    'taskruns',
    EXEC_NS,
    { metadata: { name: `wfe-fail-${run}-backup`, labels: { 'tekton.dev/pipelineRun': `wfe-fail-${run}`, 'tekton.dev/pipelineTask': 'backup' } }, spec: { taskRef: { name: 'backup' } } },
    { conditions: [{ type: 'Succeeded', status: 'True', reason: 'Succeeded' }], startTime: t0, completionTime: now(), steps: [{ name: 'dump', terminated: { exitCode: 0, reason: 'Completed' } }] },
  );
  await admin.tekton(
    'taskruns',
    EXEC_NS,
    { metadata: { name: `wfe-fail-${run}-patch`, labels: { 'tekton.dev/pipelineRun': `wfe-fail-${run}`, 'tekton.dev/pipelineTask': 'patch-memory' } }, spec: { taskRef: { name: 'patch' } } },
    {
      conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }],
      startTime: now(),
      completionTime: now(),
      steps: [
        { name: 'prepare', terminated: { exitCode: 0, reason: 'Completed' } },
        { name: 'kubectl-patch', terminated: { exitCode: 137, reason: 'OOMKilled' } },
      ],
    },
  );
  await admin.status(nsA, `we-fail-${run}`, { phase: 'Running', startTime: t0, executionRef: { name: `wfe-fail-${run}` }, executionEngine: 'tekton' });
  await admin.status(nsA, `we-fail-${run}`, {
    phase: 'Failed',
    completionTime: now(),
    duration: '1m30s',
    executionStatus: { status: 'False', reason: 'Failed', completedTasks: 1, totalTasks: 3 },
    failureDetails: {
      failedTaskIndex: 1,
      failedTaskName: 'patch-memory',
      failedStepName: 'kubectl-patch',
      reason: 'OOMKilled',
      message: 'container kubectl-patch was OOMKilled',
      exitCode: 137,
      failedAt: now(),
      executionTimeBeforeFailure: '1m30s',
      naturalLanguageSummary: 'The patch-memory task ran out of memory while patching the Deployment.',
      wasExecutionFailure: true,
    },
    conditions: [readyCondition('False', 'TaskFailed', 'patch-memory failed')],
  });

  await admin.status(nsB, `we-dup-${run}`, {
    phase: 'Failed',
    deduplicatedBy: `we-ok-${run}`,
    failureDetails: {
      failedTaskIndex: 0,
      failedTaskName: 'n/a',
      reason: 'Deduplicated',
      message: 'execution resource already owned',
      failedAt: now(),
      naturalLanguageSummary: `Deduplicated by we-ok-${run}.`,
      wasExecutionFailure: false,
    },
  });
  await admin.status(nsB, `we-cleared-${run}`, {
    phase: 'Completed',
    startTime: t0,
    completionTime: now(),
    duration: '45s',
    blockClearance: { clearedAt: now(), clearedBy: 'admin@kubernaut.ai', clearReason: CLEAR_REASON, clearMethod: 'Annotation' },
  });

  await eventually(async () => {
    const all = await list(`namespace=${nsA},${nsB}`);
    const phases = Object.fromEntries(all.items.map((i) => [i.name, i.phase]));
    return phases[`we-ok-${run}`] === 'Completed' && phases[`we-fail-${run}`] === 'Failed' && phases[`we-dup-${run}`] === 'Failed' && phases[`we-cleared-${run}`] === 'Completed';
  }, 20_000, 'the cache to reflect the arranged executions');
});

afterAll(() => {
  resetExecutionCacheForTests();
  if (savedWatchNamespaces === undefined) delete process.env.WATCH_NAMESPACES;
  else process.env.WATCH_NAMESPACES = savedWatchNamespaces;
  resetEnvForTests();
});

describe('GET /api/v1/executions', () => {
  it('lists the executions of the watched namespaces only, with printer columns and the remediation', async () => {
    const page = await list('');
    const names = page.items.map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining([`we-ok-${run}`, `we-fail-${run}`, `we-pending-${run}`, `we-dup-${run}`, `we-cleared-${run}`]));
    expect(names).not.toContain(`we-unwatched-${run}`);
    const ok = page.items.find((i) => i.name === `we-ok-${run}`);
    expect(ok).toMatchObject({
      namespace: nsA,
      phase: 'Completed',
      workflowId: 'restart-deployment',
      targetResource: `${nsA}/Deployment/payments-api`,
      durationMs: 120_000,
      reason: 'ExecutionSucceeded',
      remediation: { name: `rr-ok-${run}`, found: true, signalName: 'KubePodCrashLooping', severity: 'critical', overallPhase: 'Executing' },
    });
    expect(page.namespaces.filter((n) => n.resource === 'workflowexecutions').map((n) => [n.namespace, n.status])).toEqual([
      [nsA, 'ok'],
      [nsB, 'ok'],
    ]);
    expect(page.syncing).toBe(false);
  });

  it('keeps an object that fails validation as an invalid row', async () => {
    const page = await list(`q=we-invalid-${run}`);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.invalid?.reason).toMatch(/workflowId/);
  });

  it('filters by namespace, phase, workflow, target, failure reason, remediation and text, with counts', async () => {
    const both = `namespace=${nsA},${nsB}`;
    expect((await list(`${both}&phase=Failed`)).items.map((i) => i.name).sort()).toEqual([`we-dup-${run}`, `we-fail-${run}`]);
    expect((await list(`${both}&workflow=increase-memory`)).items.map((i) => i.name)).toEqual([`we-fail-${run}`]);
    expect((await list(`${both}&target=deployment/payments-api`)).items.map((i) => i.name).sort()).toEqual([`we-dup-${run}`, `we-ok-${run}`]);
    expect((await list(`${both}&reason=OOMKilled`)).items.map((i) => i.name)).toEqual([`we-fail-${run}`]);
    expect((await list(`${both}&reason=Deduplicated`)).items.map((i) => i.name)).toEqual([`we-dup-${run}`]);
    expect((await list(`${both}&rr=rr-cleared-${run}`)).items.map((i) => i.name)).toEqual([`we-cleared-${run}`]);
    expect((await list(`q=cleared-${run}`)).items.map((i) => i.name)).toEqual([`we-cleared-${run}`]);
    // Part of the name only (the command palette's search): the workflow id does not match.
    expect((await list(`${both}&name=CLEARED-${run}`)).items.map((i) => i.name)).toEqual([`we-cleared-${run}`]);
    expect((await list(`${both}&name=increase-memory`)).total).toBe(0);

    const counted = await list(`namespace=${nsA}&phase=Failed`);
    expect(counted.total).toBe(1);
    expect(counted.counts).toEqual({ Pending: 1, Running: 0, Completed: 1, Failed: 1, Unknown: 0 });
  });

  it('filters by created and finished time ranges', async () => {
    const both = `namespace=${nsA},${nsB}`;
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await list(`${both}&createdAfter=${future}`)).total).toBe(0);
    expect((await list(`${both}&createdAfter=${past}`)).total).toBe(6);
    const finished = await list(`${both}&finishedAfter=${past}`);
    expect(finished.items.map((i) => i.name).sort()).toEqual([`we-cleared-${run}`, `we-dup-${run}`, `we-fail-${run}`, `we-ok-${run}`]);
    expect((await list(`${both}&finishedBefore=${past}`)).total).toBe(0);
  });

  it('sorts by every field in both directions', async () => {
    const both = `namespace=${nsA},${nsB}&phase=Completed,Failed`;
    const names = async (q: string) => (await list(`${both}&${q}`)).items.map((i) => i.name.replace(`-${run}`, ''));
    expect(await names('sort=duration&order=desc')).toEqual(['we-ok', 'we-fail', 'we-cleared', 'we-dup']);
    expect(await names('sort=duration&order=asc')).toEqual(['we-cleared', 'we-fail', 'we-ok', 'we-dup']);
    expect(await names('sort=name&order=asc')).toEqual(['we-fail', 'we-ok', 'we-cleared', 'we-dup']);
    expect(await names('sort=name&order=desc')).toEqual(['we-dup', 'we-cleared', 'we-ok', 'we-fail']);
    expect((await names('sort=phase&order=asc')).slice(0, 2).sort()).toEqual(['we-cleared', 'we-ok']);
    expect((await names('sort=phase&order=desc')).slice(0, 2).sort()).toEqual(['we-dup', 'we-fail']);
    const created = await names('sort=created&order=asc');
    expect(created).toEqual([...(await names('sort=created&order=desc'))].reverse());
    // Rows that never started sort last in both directions.
    expect((await names('sort=started&order=asc')).at(-1)).toBe('we-dup');
    expect((await names('sort=started&order=desc')).at(-1)).toBe('we-dup');
  });

  it('pages with opaque cursors without duplicates or gaps', async () => {
    const q = `namespace=${nsA},${nsB}&sort=name&order=asc&limit=2`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ExecutionListResponse = await list(`${q}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(6);
      seen.push(...page.items.map((i) => `${i.namespace}/${i.name}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect([...seen].sort()).toEqual(seen);
  });

  it.each([
    ['limit=501', 'limit'],
    ['limit=abc', 'limit'],
    ['phase=Exploded', 'phase'],
    ['sort=age', 'sort'],
    ['order=sideways', 'order'],
    ['namespace=Not_A_Namespace', 'namespace'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['cursor=!!', 'cursor'],
    ['cursor=bm9wZQ', 'cursor'],
    ['phse=Failed', 'phse'],
    [`name=${'x'.repeat(254)}`, 'name'],
  ])('answers %s with a 400 problem naming %s', async (query, param) => {
    const res = await listRoute(new Request(`${BASE}/api/v1/executions?${query}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { param: string; detail: string };
    expect(problem.param).toBe(param);
    expect(problem.detail).toContain(param);
  });

  it('aggregates outcomes over time for the filter', async () => {
    const res = await outcomesRoute(new Request(`${BASE}/api/v1/executions/outcomes?namespace=${nsA},${nsB}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { buckets: { Completed: number; Failed: number; Pending: number; Unknown: number }[] };
    const sum = (k: 'Completed' | 'Failed' | 'Pending' | 'Unknown') => body.buckets.reduce((s, b) => s + b[k], 0);
    expect([sum('Completed'), sum('Failed'), sum('Pending'), sum('Unknown')]).toEqual([2, 2, 1, 1]);
  });
});

describe('GET /api/v1/overview', () => {
  async function overview(): Promise<ExecutionsOverview> {
    const res = await overviewRoute(new Request(`${BASE}/api/v1/overview`), { params: Promise.resolve({}) });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as ExecutionsOverview;
  }

  it('counts the watched executions, lists the failure that blocks its target, and sees a new failure at once', async () => {
    const before = await overview();
    expect(before.recentFailures.map((f) => f.name)).toContain(`we-fail-${run}`);
    expect(before.recentFailures.find((f) => f.name === `we-fail-${run}`)).toMatchObject({ reason: 'OOMKilled', failedTask: 'patch-memory' });
    // The OOMKilled execution failure blocks its target; the deduplicated one and the cleared one do not.
    expect(before.blockedTargets.map((b) => b.name)).toContain(`we-fail-${run}`);
    expect(before.blockedTargets.map((b) => b.name)).not.toContain(`we-dup-${run}`);
    // Asked again with nothing changed, the answer is reused; a change is seen immediately.
    expect((await overview()).generatedAt).toBe(before.generatedAt);
    try {
      await admin.wfe(nsB, `we-late-${run}`, { workflowId: 'scale-up', target: `${nsB}/Deployment/late`, rr: `rr-late-${run}` });
      await admin.status(nsB, `we-late-${run}`, { phase: 'Failed', completionTime: now(), failureDetails: { failedTaskIndex: 0, failedTaskName: 'wait', reason: 'DeadlineExceeded', message: 'the wait task timed out', failedAt: now(), naturalLanguageSummary: 'The wait task timed out.', wasExecutionFailure: false } });
      await eventually(async () => (await list(`namespace=${nsB}&phase=Failed`)).items.some((i) => i.name === `we-late-${run}`), 20_000, 'the cache to see the late failure');
      const after = await overview();
      expect(after.recentFailures[0]).toMatchObject({ name: `we-late-${run}`, reason: 'DeadlineExceeded' });
      expect(after.last24h.failed).toBe(before.last24h.failed + 1);
      expect(after.topReasons.find((r) => r.key === 'DeadlineExceeded')?.count).toBe(1);
    } finally {
      // The later tests count the arranged executions of nsB.
      await admin.custom.deleteNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: nsB, plural: 'workflowexecutions', name: `we-late-${run}` }).catch(() => undefined);
      await eventually(async () => !(await list(`namespace=${nsB}`)).items.some((i) => i.name === `we-late-${run}`), 20_000, 'the cache to forget the late failure');
    }
  });
});

describe('GET /api/v1/executions/{namespace}/{name}', () => {
  it('shows a failed execution: failure details, redacted parameters and YAML, PipelineRun progress, remediation', async () => {
    const res = await detail(nsA, `we-fail-${run}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as ExecutionDetail;
    expect(d.failureDetails).toMatchObject({
      reason: 'OOMKilled',
      failedTaskName: 'patch-memory',
      failedStepName: 'kubectl-patch',
      exitCode: 137,
      wasExecutionFailure: true,
      naturalLanguageSummary: expect.stringContaining('ran out of memory'),
    });
    expect(d.spec.parameters).toEqual({ TARGET_NAMESPACE: nsA, SLACK_API_TOKEN: '[redacted]', MEMORY_LIMIT: '1Gi' });
    expect(d.yaml).not.toContain('xoxb-super-secret');
    expect(d.yaml).not.toContain('managedFields');
    expect(d.yaml).toContain('MEMORY_LIMIT: 1Gi');
    expect(d.remediation).toMatchObject({ name: `rr-fail-${run}`, found: true, signalName: 'KubeContainerOOMKilled', severity: 'high' });
    expect(d.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'TaskFailed' });
    expect(d.workload).toMatchObject({
      kind: 'PipelineRun',
      name: `wfe-fail-${run}`,
      found: true,
      status: 'Failed',
      completedTasks: 1,
      totalTasks: 3,
      failedTask: 'patch-memory',
      failedStep: 'kubectl-patch',
    });
    expect(d.workload?.taskRuns.map((t) => t.pipelineTask)).toEqual(['backup', 'patch-memory']);
  });

  it('answers 404 for a missing execution and 400 for an invalid name', async () => {
    const missing = await detail(nsA, `we-missing-${run}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('not_found:execution');
    const bad = await detail(nsA, 'Bad_Name');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { param: string }).param).toBe('name');
  });
});

describe('GET /api/v1/stream', () => {
  it('delivers a status change to a subscribed client, with SSE headers, ids and released listeners', async () => {
    const cache = executionCache();
    const before = cache.bus.listenerCount();
    const client = await new SseClient().open(`topic=executions&namespace=${nsA}`);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toContain('text/event-stream');
    expect(client.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.headers.get('x-accel-buffering')).toBe('no');
    expect(cache.bus.listenerCount()).toBe(before + 1);

    await admin.status(nsA, `we-pending-${run}`, { phase: 'Running', startTime: now(), conditions: [readyCondition('Unknown', 'ExecutionRunning')] });
    const event = await eventually(() => client.events.find((e) => e.type === 'upsert' && e.item.name === `we-pending-${run}` && e.item.phase === 'Running'), 10_000, 'the upsert event');
    expect(event).toMatchObject({ countsDelta: { Pending: -1, Running: 1 } });
    expect(client.ids.at(-1)).toMatch(new RegExp(`^${cache.bus.epoch}\\.\\d+$`));

    // A change in an unsubscribed namespace is not sent.
    await admin.status(nsB, `we-dup-${run}`, { conditions: [readyCondition('False', 'Deduplicated')] });
    await eventually(async () => (await list(`q=we-dup-${run}`)).items[0]?.reason === 'Deduplicated', 10_000, 'the nsB change');
    expect(client.events.some((e) => e.type === 'upsert' && e.item.namespace === nsB)).toBe(false);

    await client.close();
    expect(cache.bus.listenerCount()).toBe(before);
  });

  it('resumes from Last-Event-ID with what was missed', async () => {
    const first = await new SseClient().open(`topic=execution&namespace=${nsA}&name=we-pending-${run}`);
    await eventually(() => first.ids.length > 0, 5000, 'hello');
    const lastId = first.ids.at(-1) as string;
    await first.close();
    await admin.status(nsA, `we-pending-${run}`, { phase: 'Completed', completionTime: now(), duration: '3s' });
    await eventually(async () => (await list(`q=we-pending-${run}`)).items[0]?.phase === 'Completed', 10_000, 'the cache');
    const resumed = await new SseClient().open(`topic=execution&namespace=${nsA}&name=we-pending-${run}`, lastId);
    const replayed = await eventually(() => resumed.events.find((e) => e.type === 'upsert' && e.item.phase === 'Completed'), 5000, 'replay');
    expect(replayed.type).toBe('upsert');
    await resumed.close();
    const stale = await new SseClient().open(`topic=execution&namespace=${nsA}&name=we-pending-${run}`, 'deadbeef.1');
    await eventually(() => stale.events.find((e) => e.type === 'reset'), 5000, 'reset');
    await stale.close();
  });

  it('tells a detail subscriber when a TaskRun of its PipelineRun changes', async () => {
    const client = await new SseClient().open(`topic=execution&namespace=${nsA}&name=we-fail-${run}`);
    await eventually(() => client.ids.length > 0, 5000, 'hello');
    await admin.tekton(
      'taskruns',
      EXEC_NS,
      { metadata: { name: `wfe-fail-${run}-verify`, labels: { 'tekton.dev/pipelineRun': `wfe-fail-${run}`, 'tekton.dev/pipelineTask': 'verify' } }, spec: { taskRef: { name: 'verify' } } },
      { conditions: [{ type: 'Succeeded', status: 'Unknown', reason: 'Running' }], startTime: now(), steps: [{ name: 'check', running: { startedAt: now() } }] },
    );
    await eventually(() => client.events.find((e) => e.type === 'invalidate'), 10_000, 'the invalidate event');
    const d = (await (await detail(nsA, `we-fail-${run}`)).json()) as ExecutionDetail;
    expect(d.workload?.taskRuns.map((t) => t.pipelineTask)).toContain('verify');
    await client.close();
  });

  it('rejects an invalid subscription with a 400', async () => {
    const res = await streamRoute(new Request(`${BASE}/api/v1/stream?topic=executions&phase=Nope`), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { param: string }).param).toBe('phase');
  });
});

describe('watch recovery', () => {
  it('recovers from a cut watch without losing the update made while it was down', async () => {
    const cache = executionCache();
    const watchesBefore = cache.informerStats().find((s) => s.namespace === nsB && s.resource === 'workflowexecutions')?.stats.watches ?? 0;
    const client = await new SseClient().open(`topic=executions&namespace=${nsB}`);
    cache.disruptWatches();
    // Made while no watch is open: the re-watch from the last resourceVersion must replay it.
    await admin.status(nsB, `we-cleared-${run}`, { conditions: [readyCondition('True', 'ChangedWhileCut')] });
    await eventually(async () => (await list(`q=we-cleared-${run}`)).items[0]?.reason === 'ChangedWhileCut', 15_000, 'the update after the cut');
    await eventually(() => client.events.find((e) => e.type === 'upsert' && e.item.name === `we-cleared-${run}` && e.item.reason === 'ChangedWhileCut'), 5000, 'the SSE event');
    const after = cache.informerStats().find((s) => s.namespace === nsB && s.resource === 'workflowexecutions')?.stats;
    expect(after?.watches).toBeGreaterThan(watchesBefore);
    await client.close();
  });

  it('relists on 410 Gone and emits what changed, including deletions missed meanwhile', async () => {
    const cache = new ExecutionCache({ kc: tokenConfig('STACK_FLIGHTDECK_TOKEN_FILE', 'flightdeck'), namespaces: [nsC], executionNamespace: EXEC_NS, bus: new LiveBus(), tekton: false });
    cache.start();
    try {
      await cache.whenSynced(10_000);
      expect(cache.summary(nsC, `we-unwatched-${run}`)).toBeDefined();
      const deleted: string[] = [];
      cache.bus.subscribe('executions', (e) => {
        const change = e.data as { kind: string; before?: { summary: { name: string } } };
        if (change.kind === 'delete' && change.before) deleted.push(change.before.summary.name);
      });
      // Stop receiving events, delete meanwhile, then resume from a version etcd no longer has.
      cache.disruptWatches();
      cache.stop();
      await admin.custom.deleteNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: nsC, plural: 'workflowexecutions', name: `we-unwatched-${run}` });
      cache.start();
      await cache.whenSynced(10_000);
      await eventually(() => cache.summary(nsC, `we-unwatched-${run}`) === undefined, 10_000, 'the relist after restart');
      expect(deleted).toContain(`we-unwatched-${run}`);
      await admin.wfe(nsC, `we-after-410-${run}`, { workflowId: 'restart-deployment', target: `${nsC}/Deployment/y`, rr: `rr-y-${run}` });
      cache.rewatchFrom('1');
      await eventually(() => (cache.informerStats().find((s) => s.resource === 'workflowexecutions')?.stats.relistsOn410 ?? 0) > 0, 10_000, 'a 410 relist');
      await eventually(() => cache.summary(nsC, `we-after-410-${run}`), 10_000, 'the object created before the relist');
    } finally {
      cache.stop();
    }
  });

  it('re-opens a silent watch through the watchdog', async () => {
    const cache = new ExecutionCache({ kc: tokenConfig('STACK_FLIGHTDECK_TOKEN_FILE', 'flightdeck'), namespaces: [nsA], executionNamespace: EXEC_NS, bus: new LiveBus(), tekton: false, watchdogMs: 300 });
    cache.start();
    try {
      await cache.whenSynced(10_000);
      await eventually(() => (cache.informerStats()[0]?.stats.watchdogFires ?? 0) > 0, 10_000, 'a watchdog re-watch');
      await admin.status(nsA, `we-ok-${run}`, { conditions: [readyCondition('True', 'ExecutionSucceeded', 'after watchdog')] });
      await eventually(() => cache.summary(nsA, `we-ok-${run}`)?.resourceVersion !== undefined && cache.list({ sort: 'created', order: 'desc', limit: 50, q: `we-ok-${run}` }).items.length === 1, 5000, 'the row');
    } finally {
      cache.stop();
    }
  });
});

describe('namespaces the identity cannot list', () => {
  it('reports a forbidden namespace and keeps serving the readable one', async () => {
    const role = `fd-exec-reader-${run}`;
    await admin.rbac.createNamespacedRole({
      namespace: nsA,
      body: { metadata: { name: role }, rules: [{ apiGroups: ['kubernaut.ai'], resources: ['workflowexecutions', 'remediationrequests'], verbs: ['get', 'list', 'watch'] }] },
    });
    await admin.rbac.createNamespacedRoleBinding({
      namespace: nsA,
      body: {
        metadata: { name: role },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
        subjects: [{ kind: 'ServiceAccount', name: 'no-reader', namespace: 'kubernaut-system' }],
      },
    });
    const cache = new ExecutionCache({
      kc: tokenConfig('STACK_NOREADER_TOKEN_FILE', 'no-reader'),
      namespaces: [nsA, nsB],
      executionNamespace: EXEC_NS,
      bus: new LiveBus(),
      tekton: false,
      forbiddenRetryMs: 500,
    });
    cache.start();
    try {
      // RBAC changes take a moment to reach the authorizer's cache.
      await eventually(() => {
        const s = cache.namespaceStatuses().filter((n) => n.resource === 'workflowexecutions');
        return s.find((n) => n.namespace === nsA)?.status === 'ok' && s.find((n) => n.namespace === nsB)?.status === 'forbidden';
      }, 15_000, 'nsA ok and nsB forbidden');
      const page = cache.list({ sort: 'name', order: 'asc', limit: 50 });
      expect(new Set(page.items.map((i) => i.namespace))).toEqual(new Set([nsA]));
      expect(page.items).toHaveLength(3);
      const forbidden = page.namespaces.find((n) => n.namespace === nsB && n.resource === 'workflowexecutions');
      expect(forbidden).toMatchObject({ status: 'forbidden', message: expect.stringContaining(nsB) });
      expect(page.syncing).toBe(false);
    } finally {
      cache.stop();
    }
  });
});
