/**
 * What a busy Kubernaut installation does, as plain data: which alert fires on which
 * target, which workflow remediates it, how long it runs and how it ends. Pure and
 * seeded, so a backfill of the same window plans the same remediations (same names: a
 * re-run collides instead of piling up) and unit tests can pin the mix.
 */
import type { ScenarioFailure, StorySignal } from '../scenario/scenario';
import { FAULT_KINDS, type FaultKind } from './marks';

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A hand-written workflow of the backfill (the live path uses the stack's real catalog). */
export interface DemoWorkflow {
  workflowId: string;
  version: string;
  engine: 'tekton' | 'job';
  tasks: readonly string[];
  /** Share of its executions that fail. */
  failureRate: number;
}

const bundle = (id: string, version: string) => `quay.io/kubernaut-demo/workflows/${id}:${version}`;

export const DEMO_WORKFLOWS: readonly DemoWorkflow[] = [
  { workflowId: 'restart-deployment', version: 'v1.2.0', engine: 'tekton', tasks: ['snapshot', 'rollout-restart', 'verify'], failureRate: 0.06 },
  { workflowId: 'rollback-deployment', version: 'v1.0.3', engine: 'tekton', tasks: ['find-revision', 'rollback', 'verify'], failureRate: 0.22 },
  { workflowId: 'increase-memory-limit', version: 'v0.9.1', engine: 'tekton', tasks: ['compute-limit', 'patch-resources', 'verify'], failureRate: 0.3 },
  { workflowId: 'scale-deployment', version: 'v1.1.0', engine: 'tekton', tasks: ['scale', 'verify'], failureRate: 0.05 },
  { workflowId: 'clear-node-disk-pressure', version: 'v0.4.2', engine: 'job', tasks: ['prune-images'], failureRate: 0.12 },
  { workflowId: 'renew-tls-certificate', version: 'v0.3.0', engine: 'job', tasks: ['renew'], failureRate: 0.1 },
];

export function executionBundle(w: DemoWorkflow): string {
  return bundle(w.workflowId, w.version);
}

/** Alerts and the workflow that answers each, with the targets they fire on. */
interface Incident {
  signal: Omit<StorySignal, 'resource'>;
  workflow: string;
  targets: ReadonlyArray<{ namespace: string; name: string }>;
  weight: number;
}

const apps = {
  payments: [
    { namespace: 'shop-payments', name: 'payments-api' },
    { namespace: 'shop-payments', name: 'ledger-worker' },
  ],
  checkout: [
    { namespace: 'shop-checkout', name: 'checkout-web' },
    { namespace: 'shop-checkout', name: 'cart-service' },
  ],
  catalog: [
    { namespace: 'shop-catalog', name: 'catalog-search' },
    { namespace: 'shop-catalog', name: 'image-resizer' },
  ],
  ingress: [{ namespace: 'platform-ingress', name: 'ingress-nginx-controller' }],
};

const INCIDENTS: readonly Incident[] = [
  { signal: { name: 'KubePodCrashLooping', severity: 'critical', kind: 'Deployment' }, workflow: 'restart-deployment', targets: [...apps.payments, ...apps.checkout, ...apps.catalog], weight: 5 },
  { signal: { name: 'HighErrorRate5xx', severity: 'critical', kind: 'Deployment' }, workflow: 'rollback-deployment', targets: [...apps.checkout, ...apps.payments], weight: 2 },
  { signal: { name: 'KubeContainerOOMKilled', severity: 'warning', kind: 'Deployment' }, workflow: 'increase-memory-limit', targets: [...apps.catalog, apps.payments[1]!], weight: 2 },
  { signal: { name: 'KubeDeploymentReplicasMismatch', severity: 'warning', kind: 'Deployment' }, workflow: 'scale-deployment', targets: [...apps.checkout, ...apps.ingress], weight: 3 },
  { signal: { name: 'NodeFilesystemAlmostFull', severity: 'warning', kind: 'Node' }, workflow: 'clear-node-disk-pressure', targets: [{ namespace: 'platform-ingress', name: 'worker-3' }, { namespace: 'platform-ingress', name: 'worker-7' }], weight: 1 },
  { signal: { name: 'CertificateExpiringSoon', severity: 'warning', kind: 'Certificate' }, workflow: 'renew-tls-certificate', targets: [{ namespace: 'platform-ingress', name: 'wildcard-shop-tls' }], weight: 1 },
];

/** The failures Kubernaut records, per cause (reason, where it stopped, what the step said). */
const FAILURES: readonly ((task: string, target: string) => ScenarioFailure)[] = [
  (task, target) => ({
    reason: 'TaskFailed',
    message: `step "kubectl" exited with code 1: deployment "${target}" exceeded its progress deadline`,
    failedTaskName: task,
    failedStepName: 'kubectl',
    exitCode: 1,
    wasExecutionFailure: true,
    naturalLanguageSummary: `The workflow changed ${target} but the rollout did not become ready before its progress deadline.`,
  }),
  (task, target) => ({
    reason: 'DeadlineExceeded',
    message: `PipelineRun exceeded its timeout of 10m0s while task "${task}" was running`,
    failedTaskName: task,
    wasExecutionFailure: true,
    naturalLanguageSummary: `Remediating ${target} took longer than the workflow's 10 minute limit.`,
  }),
  (task, target) => ({
    reason: 'OOMKilled',
    message: `step "${task}" was OOMKilled (exit code 137)`,
    failedTaskName: task,
    failedStepName: task,
    exitCode: 137,
    wasExecutionFailure: true,
    naturalLanguageSummary: `The remediation step for ${target} ran out of memory.`,
  }),
  (task) => ({
    reason: 'Forbidden',
    message: `serviceaccount "kubernaut-workflow-runner" cannot patch resource "deployments" (task "${task}")`,
    failedTaskName: task,
    wasExecutionFailure: false,
    naturalLanguageSummary: 'The workflow runner lacks the permission to change the target.',
  }),
  (task) => ({
    reason: 'ImagePullBackOff',
    message: `Back-off pulling image for step "${task}": manifest unknown`,
    failedTaskName: task,
    wasExecutionFailure: false,
    naturalLanguageSummary: 'The workflow image could not be pulled.',
  }),
];

/** One remediation the demo writes by hand (backfill, or a labelled fault). */
export interface PlannedRemediation {
  /** RemediationRequest name = correlation id; the execution is `we-<id>`. */
  id: string;
  namespace: string;
  /** Epoch ms the alert fired. */
  start: number;
  signal: StorySignal;
  workflow: DemoWorkflow;
  targetResource: string;
  outcome: 'completed' | 'failed';
  failure?: ScenarioFailure;
  /** Index of the task that failed (failed outcome). */
  failedTaskIndex?: number;
  /** From execution.started to the end. */
  runMs: number;
  fault?: FaultKind;
  /** A failed execution whose target stays blocked until a person clears it. */
  blocked?: boolean;
}

function weighted<T extends { weight: number }>(random: () => number, list: readonly T[]): T {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let r = random() * total;
  for (const x of list) {
    r -= x.weight;
    if (r < 0) return x;
  }
  return list[list.length - 1]!;
}

/** DNS-1123 and short: `rr-<signal>-<target>-<base36 time><2 random chars>`. */
function remediationName(random: () => number, signal: string, target: string, start: number): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const short = slug(signal.replace(/^Kube/, '')).slice(0, 18).replace(/-$/, '');
  const tail = `${Math.floor(start / 1000).toString(36)}${Math.floor(random() * 1296).toString(36).padStart(2, '0')}`;
  return `rr-${short}-${slug(target).slice(0, 20).replace(/-$/, '')}-${tail}`;
}

/** One remediation starting at `start`, drawn from the installation's incident mix. */
export function planRemediation(random: () => number, start: number, options: { fault?: FaultKind; forceOutcome?: 'completed' | 'failed' } = {}): PlannedRemediation {
  const incident = weighted(random, INCIDENTS);
  const target = pick(random, incident.targets);
  const workflow = DEMO_WORKFLOWS.find((w) => w.workflowId === incident.workflow)!;
  let outcome: 'completed' | 'failed' = options.forceOutcome ?? (random() < workflow.failureRate ? 'failed' : 'completed');
  if (options.fault === 'silent-failure') outcome = 'failed';
  if (options.fault === 'duplicate-selection' || options.fault === 'unknown-event-type') outcome = 'completed';
  const runMs = Math.round((workflow.engine === 'job' ? 25_000 : 45_000) + random() * (workflow.engine === 'job' ? 60_000 : 200_000));
  const plan: PlannedRemediation = {
    id: remediationName(random, incident.signal.name, target.name, start),
    namespace: target.namespace,
    start,
    signal: { ...incident.signal, resource: target.name },
    workflow,
    targetResource: incident.signal.kind === 'Node' ? `Node/${target.name}` : `${target.namespace}/${incident.signal.kind}/${target.name}`,
    outcome,
    runMs,
    ...(options.fault ? { fault: options.fault } : {}),
  };
  if (outcome === 'failed') {
    const index = Math.floor(random() * workflow.tasks.length);
    const task = workflow.tasks[index]!;
    plan.failedTaskIndex = index;
    plan.failure = { ...pick(random, FAILURES)(task, target.name), failedTaskIndex: index };
  }
  return plan;
}

export interface BackfillPlanOptions {
  /** Epoch ms of the window [from, to). */
  from: number;
  to: number;
  /** Average remediations per hour (busier by day than by night). */
  perHour: number;
  seed?: number;
  /** One fault of each kind every this many remediations (0: none). */
  faultEvery?: number;
  /** How many of the most recent failures stay blocked, waiting for clearance. */
  blocked?: number;
}

/** Busier during the (UTC) working day: 0.4 at night to 1.6 mid-afternoon. */
export function dayLoad(at: number): number {
  const hour = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60;
  return 1 + 0.6 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
}

/**
 * The remediations of a past window, oldest first. Arrivals follow the day's load; every
 * `faultEvery`-th one is a labelled fault (rotating through the kinds); the last
 * `blocked` failures that ran keep their targets blocked.
 */
export function planBackfill({ from, to, perHour, seed = Math.floor(from / 60_000), faultEvery = 45, blocked = 2 }: BackfillPlanOptions): PlannedRemediation[] {
  const random = rng(seed);
  const out: PlannedRemediation[] = [];
  let at = from;
  let faults = 0;
  for (;;) {
    // Exponential gaps around the load-adjusted mean.
    const meanGap = 3_600_000 / (perHour * dayLoad(at));
    at += Math.max(20_000, -Math.log(1 - random()) * meanGap);
    if (at >= to) break;
    const n = out.length + 1;
    const fault = faultEvery > 0 && n % faultEvery === 0 ? FAULT_KINDS[faults % FAULT_KINDS.length] : undefined;
    const p = planRemediation(random, Math.round(at), fault ? { fault } : {});
    // History only: a remediation still running at `to` is the live driver's business.
    if (p.start + 30_000 + p.runMs > to) continue;
    if (fault) faults += 1;
    out.push(p);
  }
  let left = blocked;
  for (let i = out.length - 1; i >= 0 && left > 0; i--) {
    const p = out[i]!;
    if (p.outcome === 'failed' && !p.fault && p.failure?.wasExecutionFailure) {
      p.blocked = true;
      left -= 1;
    }
  }
  return out;
}
