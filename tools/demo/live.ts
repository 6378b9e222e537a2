/**
 * One live remediation on the local stack, step by step at the pace a real installation
 * moves: the Gateway receives an alert and creates the RemediationRequest, the
 * orchestrator, signal processing and AI analysis do their work (their audit events are
 * written as each step happens, with the audit clients' write lag), the orchestrator
 * creates the WorkflowExecution in kubernaut-system and **Kubernaut's real controller**
 * runs it: its status, its PipelineRun or Job and its workflowexecution.* events are the
 * controller's own. The driver plays Tekton or the Job controller (tools/tekton/play.ts),
 * then closes the remediation, and now and then a person clears a blocked target through
 * the real AuthWebhook.
 */
import * as k8s from '@kubernetes/client-node';
import { CONTROLLER_NAMESPACE, type CatalogEntry } from '../scenario/controller';
import { createRemediationRequest, createWorkflowExecution, type AdminClients } from '../scenario/k8s';
import { remediationStory, type AuditEventRequest, type StorySignal } from '../scenario/scenario';
import { playJob, playTekton } from '../tekton/play';
import { sleep, type AuditWriter } from './audit';
import { clearBlock, OPERATOR_USER, remediationStatus } from './handwritten';
import { demoMarks } from './marks';
import { pick } from './plan';

/** The stack's fixture workflows (tools/stack/components/workflow-catalog.ts) by role. */
export const LIVE_WORKFLOWS = {
  tekton: 'test-hello-world',
  tektonFailing: 'test-intentional-failure',
  job: 'test-job-hello-world',
  jobFailing: 'test-job-intentional-failure',
} as const;
export type LiveWorkflowRole = keyof typeof LIVE_WORKFLOWS;

export interface LivePlan {
  id: string;
  role: LiveWorkflowRole;
  signal: StorySignal;
  targetResource: string;
  tasks: string[];
  failTask?: string;
  exitCode?: number;
  /** The failed target stays blocked until a person clears it. */
  blocked: boolean;
}

const LIVE_TARGETS: ReadonlyArray<{ namespace: string; kind: string; name: string; signal: string; severity: string }> = [
  { namespace: 'shop-payments', kind: 'Deployment', name: 'payments-api', signal: 'KubePodCrashLooping', severity: 'critical' },
  { namespace: 'shop-payments', kind: 'Deployment', name: 'ledger-worker', signal: 'KubeContainerOOMKilled', severity: 'warning' },
  { namespace: 'shop-checkout', kind: 'Deployment', name: 'checkout-web', signal: 'HighErrorRate5xx', severity: 'critical' },
  { namespace: 'shop-checkout', kind: 'Deployment', name: 'cart-service', signal: 'KubePodCrashLooping', severity: 'critical' },
  { namespace: 'shop-catalog', kind: 'Deployment', name: 'catalog-search', signal: 'KubeDeploymentReplicasMismatch', severity: 'warning' },
  { namespace: 'shop-catalog', kind: 'Deployment', name: 'image-resizer', signal: 'KubeContainerOOMKilled', severity: 'warning' },
  { namespace: 'platform-ingress', kind: 'Deployment', name: 'ingress-nginx-controller', signal: 'KubeDeploymentReplicasMismatch', severity: 'warning' },
  { namespace: 'platform-ingress', kind: 'Deployment', name: 'external-dns', signal: 'KubePodCrashLooping', severity: 'critical' },
  { namespace: 'shop-payments', kind: 'Deployment', name: 'fraud-scorer', signal: 'HighErrorRate5xx', severity: 'critical' },
  { namespace: 'shop-payments', kind: 'Deployment', name: 'refunds-worker', signal: 'KubePodCrashLooping', severity: 'warning' },
  { namespace: 'shop-checkout', kind: 'Deployment', name: 'promotions-api', signal: 'KubeContainerOOMKilled', severity: 'warning' },
  { namespace: 'shop-checkout', kind: 'Deployment', name: 'shipping-quotes', signal: 'KubeDeploymentReplicasMismatch', severity: 'warning' },
  { namespace: 'shop-catalog', kind: 'Deployment', name: 'inventory-sync', signal: 'KubePodCrashLooping', severity: 'critical' },
  { namespace: 'shop-catalog', kind: 'Deployment', name: 'reviews-api', signal: 'HighErrorRate5xx', severity: 'warning' },
  { namespace: 'platform-ingress', kind: 'Deployment', name: 'oauth2-proxy', signal: 'KubePodCrashLooping', severity: 'critical' },
  { namespace: 'platform-ingress', kind: 'Deployment', name: 'rate-limiter', signal: 'KubeContainerOOMKilled', severity: 'warning' },
];

const TASK_SETS: readonly string[][] = [
  ['snapshot', 'rollout-restart', 'verify'],
  ['find-revision', 'rollback', 'verify'],
  ['compute-limit', 'patch-resources', 'wait-ready', 'verify'],
];

export interface LivePlanOptions {
  /** Appended to every target's name (a second driver on the same stack). */
  targetSuffix?: string;
  /** Share of remediations that fail (0-1); without it, about one in six. */
  failShare?: number;
}

/**
 * The next live remediation: mostly successful Tekton runs, a Job now and then, about one
 * in six failing (a Job's more often than a PipelineRun's, unless `failShare` sets the
 * share for both), and some failures leaving their target blocked. `busy` holds targets
 * that run or ran recently: the controller deduplicates and cools down per target, so
 * when every target is busy there is no next remediation yet (null).
 */
export function planLive(random: () => number, n: number, busy: ReadonlySet<string>, now = Date.now(), { targetSuffix = '', failShare }: LivePlanOptions = {}): LivePlan | null {
  // A second driver on the same stack (a test) suffixes its targets: the controller would deduplicate shared ones.
  const targets = LIVE_TARGETS.map((t) => ({ ...t, name: `${t.name}${targetSuffix}` }));
  const free = targets.filter((t) => !busy.has(`${t.namespace}/${t.kind}/${t.name}`));
  if (!free.length) return null;
  const t = pick(random, free);
  const r = random();
  const job = n % 7 === 3;
  const fails = r < (failShare ?? (job ? 0.3 : 0.16));
  const role: LiveWorkflowRole = job ? (fails ? 'jobFailing' : 'job') : fails ? 'tektonFailing' : 'tekton';
  const tasks = role.startsWith('job') ? ['job'] : [...pick(random, TASK_SETS)];
  const id = `rr-${t.name.slice(0, 20 + targetSuffix.length).replace(/-$/, '')}-${Math.floor(now / 1000).toString(36)}${Math.floor(random() * 1296).toString(36).padStart(2, '0')}`;
  const plan: LivePlan = {
    id,
    role,
    signal: { name: t.signal, severity: t.severity, kind: t.kind, resource: t.name },
    targetResource: `${t.namespace}/${t.kind}/${t.name}`,
    tasks,
    blocked: role === 'tektonFailing' && random() < 0.5,
  };
  if (role === 'tektonFailing') {
    plan.failTask = tasks[1 + Math.floor(random() * (tasks.length - 1))];
    plan.exitCode = random() < 0.25 ? 137 : 1;
  }
  return plan;
}

export interface LiveContext {
  clients: AdminClients;
  audit: AuditWriter;
  instance: string;
  catalog: Record<LiveWorkflowRole, CatalogEntry>;
  random: () => number;
  log: (line: string) => void;
  /** Aborted when the driver stops: waits end early and no new step starts. */
  stop: AbortSignal;
  /** Multiplies every wait (1: realistic; tests go faster). */
  pace: number;
}

export interface LiveResult {
  id: string;
  execution: string;
  phase: string;
  cleared: boolean;
}

/** What a remediation still owns while it runs, so a stopping driver can end it. */
export interface InFlight {
  id: string;
  execution?: string;
  engine?: 'tekton' | 'job';
}

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

async function setRemediation(clients: AdminClients, name: string, status: Record<string, unknown>): Promise<void> {
  await clients.custom.patchNamespacedCustomObjectStatus(
    { group: 'kubernaut.ai', version: 'v1alpha1', namespace: CONTROLLER_NAMESPACE, plural: 'remediationrequests', name, body: { status } },
    mergePatch,
  );
}

async function wfeStatus(clients: AdminClients, name: string): Promise<Record<string, unknown>> {
  const o = (await clients.custom.getNamespacedCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', namespace: CONTROLLER_NAMESPACE, plural: 'workflowexecutions', name })) as {
    status?: Record<string, unknown>;
  };
  return o.status ?? {};
}

class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

function wait(ctx: LiveContext, ms: number): Promise<void> {
  if (ctx.stop.aborted) return Promise.reject(new Stopped());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ctx.stop.removeEventListener('abort', onAbort);
      resolve();
    }, ms * ctx.pace);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    ctx.stop.addEventListener('abort', onAbort, { once: true });
  });
}

const between = (ctx: LiveContext, lo: number, hi: number) => lo + ctx.random() * (hi - lo);

export const isStopped = (err: unknown) => err instanceof Stopped;

/** Runs one remediation to its end (or until the driver stops; then it throws `isStopped`). */
export async function runLive(ctx: LiveContext, plan: LivePlan, inflight: InFlight): Promise<LiveResult> {
  const { clients, audit } = ctx;
  const wf = ctx.catalog[plan.role];
  const failing = plan.role === 'tektonFailing' || plan.role === 'jobFailing';
  const engine = plan.role.startsWith('job') ? 'job' : 'tekton';
  // The services' events come from tools/scenario's story; each is stamped when its step happens.
  const story = remediationStory({
    correlationId: plan.id,
    namespace: CONTROLLER_NAMESPACE,
    start: Date.now(),
    outcome: failing ? 'failed' : 'completed',
    signal: plan.signal,
    workflow: { workflowId: wf.workflowId, version: wf.version, executionBundle: wf.executionBundle, targetResource: plan.targetResource },
  });
  const queue = story.events.filter((e) => !e.event_type.startsWith('workflowexecution.'));
  const take = (...types: string[]): AuditEventRequest[] =>
    types.map((type) => {
      const i = queue.findIndex((e) => e.event_type === type);
      if (i < 0) throw new Error(`story of ${plan.id} has no ${type}`);
      return queue.splice(i, 1)[0]!;
    });
  const marks = demoMarks(ctx.instance, 'live');

  // Gateway: the alert arrives and becomes a RemediationRequest.
  void audit.emit(take('gateway.signal.received', 'gateway.crd.created'));
  await createRemediationRequest(clients, { namespace: CONTROLLER_NAMESPACE, name: plan.id, overallPhase: 'Pending', signal: plan.signal, targetNamespace: plan.targetResource.split('/')[0], marks });
  await wait(ctx, between(ctx, 500, 1_200));
  void audit.emit(take('orchestrator.lifecycle.created', 'orchestrator.lifecycle.started'));
  await setRemediation(clients, plan.id, { overallPhase: 'Processing' });
  await wait(ctx, between(ctx, 1_000, 2_500));
  void audit.emit(take('signalprocessing.enrichment.completed', 'signalprocessing.signal.processed', 'orchestrator.lifecycle.transitioned'));
  await setRemediation(clients, plan.id, { overallPhase: 'Analyzing' });
  // The AI analysis is the slow part before execution.
  await wait(ctx, between(ctx, 6_000, 14_000));
  void audit.emit(take('aianalysis.analysis.completed', 'orchestrator.lifecycle.transitioned'));
  const name = `we-${plan.id}`;
  await createWorkflowExecution(
    clients,
    {
      name,
      namespace: CONTROLLER_NAMESPACE,
      correlationId: plan.id,
      workflowId: wf.workflowId,
      version: wf.version,
      executionBundle: wf.executionBundle,
      targetResource: plan.targetResource,
      parameters: { TARGET_RESOURCE_NAME: plan.signal.resource, TARGET_RESOURCE_KIND: plan.signal.kind, TARGET_RESOURCE_NAMESPACE: plan.targetResource.split('/')[0] ?? '' },
      pipelineRun: '',
    },
    { marks },
  );
  inflight.execution = name;
  inflight.engine = engine;
  await setRemediation(clients, plan.id, { overallPhase: 'Executing', workflowExecutionRef: { apiVersion: 'kubernaut.ai/v1alpha1', kind: 'WorkflowExecution', name, namespace: CONTROLLER_NAMESPACE } });
  ctx.log(`${plan.id}: ${plan.signal.name} on ${plan.targetResource} → WorkflowExecution ${CONTROLLER_NAMESPACE}/${name} (${wf.workflowName}, ${engine})`);

  // Tekton (or the Job controller): the controller created the PipelineRun/Job; the driver runs it.
  const stepMs = Math.round(between(ctx, 3_000, 7_000) * ctx.pace);
  if (ctx.stop.aborted) throw new Stopped();
  const play = (): Promise<unknown> =>
    engine === 'tekton'
      ? playTekton(clients.kc, { namespace: CONTROLLER_NAMESPACE, name }, {
          tasks: plan.tasks,
          outcome: failing ? 'failed' : 'succeeded',
          ...(plan.failTask ? { failTask: plan.failTask, failStep: plan.failTask, exitCode: plan.exitCode ?? 1 } : {}),
          stepMs,
          timeoutMs: 120_000,
        })
      : playJob(clients.kc, { namespace: CONTROLLER_NAMESPACE, name }, { outcome: failing ? 'failed' : 'succeeded', stepMs: stepMs * 2, timeoutMs: 120_000 });
  try {
    await play();
  } catch (err) {
    // The controller may fail an execution before it creates anything (deduplicated, or
    // a block it knows of): that is an outcome, not a driver error.
    if ((await wfeStatus(clients, name)).phase !== 'Failed') throw err;
  }

  // The controller notices the end at its next poll (every 10 s).
  let status: Record<string, unknown> = {};
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    status = await wfeStatus(clients, name);
    if (status.phase === 'Completed' || status.phase === 'Failed') break;
    await wait(ctx, 1_000 / ctx.pace);
  }
  const phase = String(status.phase ?? '');
  if (phase !== 'Completed' && phase !== 'Failed') throw new Error(`${name} did not finish within a minute of its ${engine === 'tekton' ? 'PipelineRun' : 'Job'} (phase ${phase || 'empty'})`);
  await wait(ctx, between(ctx, 400, 1_200));
  if (phase === 'Completed') {
    void audit.emit(take('orchestrator.lifecycle.completed', 'notification.message.sent'));
    await setRemediation(clients, plan.id, { overallPhase: 'Completed', outcome: 'Remediated' });
  } else {
    void audit.emit(take('orchestrator.lifecycle.failed', 'notification.message.sent'));
    const failure = (status.failureDetails as { message?: string } | undefined)?.message;
    await setRemediation(clients, plan.id, remediationStatus({ id: plan.id, outcome: 'failed', blocked: plan.blocked, targetResource: plan.targetResource, ...(failure ? { failure: { reason: 'TaskFailed', message: failure } } : {}) }));
  }
  ctx.log(`${plan.id}: ${name} ${phase}${phase === 'Failed' && plan.blocked ? ` — target ${plan.targetResource} blocked until a person clears it` : ''}`);

  let cleared = false;
  if (phase === 'Failed' && plan.blocked) {
    await wait(ctx, between(ctx, 25_000, 50_000));
    const reason = `Checked ${plan.signal.resource} by hand after the failed run, the rollout is healthy again and the alert stopped firing, so the target may be remediated again`;
    await clearBlock(clients, CONTROLLER_NAMESPACE, name, reason);
    await setRemediation(clients, plan.id, { ...remediationStatus({ id: plan.id, outcome: 'failed', targetResource: plan.targetResource }), blockReason: null, blockingWorkflowExecution: null, blockMessage: null });
    cleared = true;
    ctx.log(`${plan.id}: ${OPERATOR_USER} cleared the block on ${plan.targetResource} (through the AuthWebhook)`);
  }
  if (phase === 'Completed') {
    // The effectiveness monitor assesses a few minutes later; a minute keeps the demo lively.
    await wait(ctx, between(ctx, 45_000, 75_000));
    void audit.emit(take('effectiveness.assessment.completed'));
  }
  return { id: plan.id, execution: `${CONTROLLER_NAMESPACE}/${name}`, phase, cleared };
}

/**
 * Ends what a stopping driver leaves running. An execution that already finished gets
 * its RemediationRequest closed as the orchestrator would; a running one is cancelled as
 * Tekton cancels a PipelineRun (the controller fails the execution at its next poll) and
 * its remediation, like one that had no execution yet, is marked Cancelled.
 */
export async function cancelInFlight(clients: AdminClients, runs: readonly InFlight[]): Promise<number> {
  let n = 0;
  for (const run of runs) {
    try {
      const status = run.execution ? await wfeStatus(clients, run.execution) : {};
      const failure = (status.failureDetails as { message?: string } | undefined)?.message;
      if (status.phase === 'Completed' || status.phase === 'Failed') {
        await setRemediation(clients, run.id, remediationStatus({ id: run.id, outcome: status.phase === 'Completed' ? 'completed' : 'failed', targetResource: '', ...(failure ? { failure: { reason: 'TaskFailed', message: failure } } : {}) }));
        continue;
      }
      const ref = (status.executionRef as { name?: string } | undefined)?.name;
      if (ref) {
        const now = new Date().toISOString();
        const [group, version, plural] = run.engine === 'job' ? ['batch', 'v1', 'jobs'] : ['tekton.dev', 'v1', 'pipelineruns'];
        const conditions =
          run.engine === 'job'
            ? [{ type: 'Failed', status: 'True', reason: 'JobCancelled', message: 'The demo stopped while the Job ran', lastProbeTime: now, lastTransitionTime: now }]
            : [{ type: 'Succeeded', status: 'False', reason: 'Cancelled', message: `PipelineRun "${ref}" was cancelled`, lastTransitionTime: now }];
        await clients.custom.patchNamespacedCustomObjectStatus({ group, version, plural, namespace: 'kubernaut-workflows', name: ref, body: { status: { completionTime: now, conditions } } }, mergePatch);
      }
      await setRemediation(clients, run.id, { overallPhase: 'Cancelled' });
      n += 1;
    } catch {
      // Best effort while stopping: the object may already be gone.
    }
  }
  return n;
}

export { sleep };
