/**
 * Plays Tekton (and the Job controller) for the local stack, which runs no Tekton
 * controller and no kubelet: given a WorkflowExecution that Kubernaut's controller has
 * started, it drives the PipelineRun it created task by task through the status
 * subresource, creating one TaskRun per task, and ends it Succeeded=True or False with
 * the reasons and messages Tekton Pipelines writes. For a Job-engine execution it writes
 * the Job status the Job controller would.
 *
 * Kubernaut's controller polls a running execution every 10 s (status writes do not
 * change the generation, so they do not trigger a reconcile): the WorkflowExecution turns
 * Completed or Failed up to ~10 s after the run ends.
 *
 * For tests, benchmarks and scenario tools only; Flightdeck itself never writes.
 */
import * as k8s from '@kubernetes/client-node';

const TEKTON = { group: 'tekton.dev', version: 'v1' } as const;
const WFE = { group: 'kubernaut.ai', version: 'v1alpha1', plural: 'workflowexecutions' } as const;
export const DEFAULT_EXECUTION_NAMESPACE = 'kubernaut-workflows';
export const DEFAULT_TASKS: readonly string[] = ['prepare', 'remediate', 'verify'];

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

export interface ExecutionKey {
  namespace: string;
  name: string;
}

/** The PipelineRun or Job a WorkflowExecution's controller created for it. */
export interface StartedExecution {
  engine: string;
  name: string;
  namespace: string;
}

export interface PlayTektonOptions {
  /** Pipeline task names, in order (the bundle's Pipeline is never resolved here). */
  tasks?: readonly string[];
  outcome?: 'succeeded' | 'failed';
  /** Task that fails when `outcome` is failed (default: the last one). */
  failTask?: string;
  /** Step of the failing task whose container exits non-zero. */
  failStep?: string;
  exitCode?: number;
  /** Overrides of the PipelineRun's final Succeeded condition (for example `PipelineRunTimeout`). */
  reason?: string;
  message?: string;
  /** Pause between status writes, so watchers see each transition. */
  stepMs?: number;
  executionNamespace?: string;
  /** How long to wait for the controller to create the PipelineRun. */
  timeoutMs?: number;
}

export interface PlayedRun {
  pipelineRun: string;
  namespace: string;
  taskRuns: string[];
  startTime: string;
  completionTime: string;
  reason: string;
  message: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => new Date().toISOString();

function clients(kc: k8s.KubeConfig) {
  return { custom: kc.makeApiClient(k8s.CustomObjectsApi) };
}

interface WfeStatusView {
  phase?: string;
  executionEngine?: string;
  executionRef?: { name?: string };
}

/**
 * Waits until the controller has created the execution resource (`status.executionRef`)
 * and returns it. Throws when the execution fails before that or the wait times out.
 */
export async function waitForExecutionResource(kc: k8s.KubeConfig, wfe: ExecutionKey, o: { timeoutMs?: number; executionNamespace?: string } = {}): Promise<StartedExecution> {
  const { custom } = clients(kc);
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  let last: WfeStatusView = {};
  while (Date.now() < deadline) {
    const obj = (await custom.getNamespacedCustomObject({ ...WFE, namespace: wfe.namespace, name: wfe.name })) as { status?: WfeStatusView };
    last = obj.status ?? {};
    if (last.executionRef?.name && last.executionEngine) {
      return { engine: last.executionEngine, name: last.executionRef.name, namespace: o.executionNamespace ?? DEFAULT_EXECUTION_NAMESPACE };
    }
    if (last.phase === 'Failed') throw new Error(`WorkflowExecution ${wfe.namespace}/${wfe.name} failed before its execution resource was created`);
    await sleep(200);
  }
  throw new Error(`WorkflowExecution ${wfe.namespace}/${wfe.name} has no executionRef after the wait (phase ${last.phase || 'empty'})`);
}

/** Tekton's PipelineRun status message (pkg/reconciler/pipelinerun/resources/pipelinerunstate.go). */
function pipelineMessage(done: number, failed: number, incomplete: number, skipped: number, finished: boolean): string {
  return finished
    ? `Tasks Completed: ${done} (Failed: ${failed}, Cancelled 0), Skipped: ${skipped}`
    : `Tasks Completed: ${done} (Failed: ${failed}, Cancelled 0), Incomplete: ${incomplete}, Skipped: ${skipped}`;
}

function succeeded(status: 'True' | 'False' | 'Unknown', reason: string, message: string) {
  return [{ type: 'Succeeded', status, reason, message, lastTransitionTime: now() }];
}

/**
 * Runs the PipelineRun of a started WorkflowExecution to its end, as Tekton would:
 * PipelineRun Running, then per task a TaskRun `<pipelinerun>-<task>` (labels and owner
 * reference as Tekton sets them) going Running → Succeeded, the failing one ending
 * Succeeded=False with its step's exit code, and the PipelineRun's final condition.
 */
export async function playTekton(kc: k8s.KubeConfig, wfe: ExecutionKey, o: PlayTektonOptions = {}): Promise<PlayedRun> {
  const { custom } = clients(kc);
  const started = await waitForExecutionResource(kc, wfe, o);
  if (started.engine !== 'tekton') throw new Error(`WorkflowExecution ${wfe.name} runs on engine ${started.engine}, not tekton`);
  const ns = started.namespace;
  const tasks = o.tasks?.length ? o.tasks : DEFAULT_TASKS;
  const outcome = o.outcome ?? 'succeeded';
  const failTask = outcome === 'failed' ? (o.failTask ?? tasks[tasks.length - 1]) : undefined;
  const pause = () => sleep(o.stepMs ?? 200);
  const pr = (await custom.getNamespacedCustomObject({ ...TEKTON, namespace: ns, plural: 'pipelineruns', name: started.name })) as {
    metadata: { name: string; uid: string; labels?: Record<string, string> };
  };
  const prName = pr.metadata.name;
  const startTime = now();
  const childReferences: Array<Record<string, string>> = [];
  const pipelineSpec = { tasks: tasks.map((name) => ({ name, taskRef: { name } })) };
  const prStatus = (status: Record<string, unknown>) =>
    custom.patchNamespacedCustomObjectStatus({ ...TEKTON, namespace: ns, plural: 'pipelineruns', name: prName, body: { status } }, mergePatch);

  await prStatus({ startTime, pipelineSpec, childReferences, conditions: succeeded('Unknown', 'Running', pipelineMessage(0, 0, tasks.length, 0, false)) });

  const taskRuns: string[] = [];
  let done = 0;
  let failedCount = 0;
  for (const task of tasks) {
    const trName = `${prName}-${task}`;
    const failing = task === failTask;
    const create = () =>
      custom.createNamespacedCustomObject({
        ...TEKTON,
        namespace: ns,
        plural: 'taskruns',
        body: {
          apiVersion: 'tekton.dev/v1',
          kind: 'TaskRun',
          metadata: {
            name: trName,
            namespace: ns,
            // Tekton copies the PipelineRun's labels onto its TaskRuns and adds its own.
            labels: {
              ...(pr.metadata.labels ?? {}),
              'app.kubernetes.io/managed-by': 'tekton-pipelines',
              'tekton.dev/pipeline': 'workflow',
              'tekton.dev/pipelineRun': prName,
              'tekton.dev/pipelineRunUID': pr.metadata.uid,
              'tekton.dev/pipelineTask': task,
              'tekton.dev/memberOf': 'tasks',
              'tekton.dev/task': task,
            },
            ownerReferences: [{ apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', name: prName, uid: pr.metadata.uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: { taskRef: { name: task, kind: 'Task' }, serviceAccountName: 'default', timeout: '1h0m0s' },
        },
      });
    try {
      await create();
    } catch (err) {
      // Kubernaut names the PipelineRun after the target, so a later execution of the same
      // target reuses its name; the stack has no garbage collector to remove the earlier
      // run's TaskRuns. Do its job: a TaskRun owned by another PipelineRun is deleted.
      if (!(err instanceof k8s.ApiException) || err.code !== 409) throw err;
      const old = (await custom.getNamespacedCustomObject({ ...TEKTON, namespace: ns, plural: 'taskruns', name: trName })) as { metadata: { ownerReferences?: Array<{ uid?: string }> } };
      if (old.metadata.ownerReferences?.some((o) => o.uid === pr.metadata.uid)) throw err;
      await custom.deleteNamespacedCustomObject({ ...TEKTON, namespace: ns, plural: 'taskruns', name: trName });
      await create();
    }
    taskRuns.push(trName);
    childReferences.push({ apiVersion: 'tekton.dev/v1', kind: 'TaskRun', name: trName, pipelineTaskName: task });
    const trStart = now();
    const step = failing ? (o.failStep ?? task) : task;
    const trStatus = (status: Record<string, unknown>) =>
      custom.patchNamespacedCustomObjectStatus({ ...TEKTON, namespace: ns, plural: 'taskruns', name: trName, body: { status } }, mergePatch);
    await trStatus({
      podName: `${trName}-pod`,
      startTime: trStart,
      conditions: succeeded('Unknown', 'Running', 'Not all Steps in the Task have finished executing'),
      steps: [{ name: step, container: `step-${step}`, running: { startedAt: trStart } }],
    });
    await prStatus({ childReferences, conditions: succeeded('Unknown', 'Running', pipelineMessage(done, failedCount, tasks.length - done, 0, false)) });
    await pause();
    const exitCode = failing ? (o.exitCode ?? 1) : 0;
    const finished = now();
    await trStatus({
      completionTime: finished,
      conditions: failing
        ? succeeded('False', 'Failed', `"step-${step}" exited with code ${exitCode}`)
        : succeeded('True', 'Succeeded', 'All Steps have completed executing'),
      steps: [{ name: step, container: `step-${step}`, terminated: { exitCode, reason: failing ? 'Error' : 'Completed', startedAt: trStart, finishedAt: finished } }],
    });
    done += 1;
    if (failing) {
      failedCount += 1;
      break;
    }
    await pause();
  }

  const skipped = tasks.length - done;
  const reason = o.reason ?? (failedCount ? 'Failed' : 'Succeeded');
  const message = o.message ?? pipelineMessage(done, failedCount, 0, skipped, true);
  const completionTime = now();
  await prStatus({
    completionTime,
    childReferences,
    ...(skipped ? { skippedTasks: tasks.slice(done).map((name) => ({ name, reason: 'PipelineRun was stopping' })) } : {}),
    conditions: succeeded(failedCount || outcome === 'failed' ? 'False' : 'True', reason, message),
  });
  return { pipelineRun: prName, namespace: ns, taskRuns, startTime, completionTime, reason, message };
}

export interface PlayJobOptions {
  outcome?: 'succeeded' | 'failed';
  /** Failed condition reason (the Job controller writes BackoffLimitExceeded). */
  reason?: string;
  message?: string;
  stepMs?: number;
  executionNamespace?: string;
  timeoutMs?: number;
}

/**
 * Runs the Job of a started Job-engine WorkflowExecution to its end, with the status the
 * Job controller writes: one active pod, then SuccessCriteriaMet + Complete, or
 * FailureTarget + Failed (BackoffLimitExceeded, since Kubernaut sets backoffLimit 0).
 */
export async function playJob(kc: k8s.KubeConfig, wfe: ExecutionKey, o: PlayJobOptions = {}): Promise<{ job: string; namespace: string; startTime: string; completionTime: string }> {
  const { custom } = clients(kc);
  const started = await waitForExecutionResource(kc, wfe, o);
  if (started.engine !== 'job') throw new Error(`WorkflowExecution ${wfe.name} runs on engine ${started.engine}, not job`);
  const { name, namespace } = started;
  const startTime = now();
  // The generic object API sends plain JSON; BatchV1Api's typed Job model drops string times.
  const write = (status: Record<string, unknown>) =>
    custom.patchNamespacedCustomObjectStatus({ group: 'batch', version: 'v1', plural: 'jobs', namespace, name, body: { status } }, mergePatch);
  await write({ startTime, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  await sleep(o.stepMs ?? 200);
  const end = now();
  const cond = (type: string, reason: string, message: string) => ({ type, status: 'True', reason, message, lastProbeTime: end, lastTransitionTime: end });
  if ((o.outcome ?? 'succeeded') === 'succeeded') {
    const message = 'Reached expected number of succeeded pods';
    await write({
      completionTime: end,
      succeeded: 1,
      active: 0,
      conditions: [cond('SuccessCriteriaMet', 'CompletionsReached', message), cond('Complete', 'CompletionsReached', message)],
    });
  } else {
    const reason = o.reason ?? 'BackoffLimitExceeded';
    const message = o.message ?? 'Job has reached the specified backoff limit';
    await write({ failed: 1, active: 0, conditions: [cond('FailureTarget', reason, message), cond('Failed', reason, message)] });
  }
  return { job: name, namespace, startTime, completionTime: end };
}
