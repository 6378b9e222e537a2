/**
 * The executions cache: list-then-watch informers for WorkflowExecutions and
 * RemediationRequests in every watched namespace (or cluster-wide), and, when Tekton's
 * CRDs are served, PipelineRuns and TaskRuns of the execution namespace. It keeps compact
 * DTOs only, answers list queries from memory, and publishes every change on the live
 * bus (topic `executions`).
 *
 * One instance per process (`executionCache()`, started lazily with the system
 * identity); tests construct their own with an explicit KubeConfig and namespaces.
 */
import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { env } from '../env';
import { AppError } from '../errors';
import { systemIdentity } from '../identity';
import { log } from '../log';
import { forgetSingleton, processSingleton } from '../singleton';
import { buildDetail, pipelineRunWorkload } from '../executions/detail';
import { EXECUTIONS_TOPIC, type ExecutionChange } from '../executions/changes';
import { outcomesOverTime, pageExecutions } from '../executions/query';
import {
  jobSchema,
  runStatus,
  toCachedExecution,
  toCachedPipelineRun,
  toCachedRemediation,
  toCachedTaskRun,
  type CachedExecution,
  type CachedPipelineRun,
  type CachedRemediation,
  type CachedTaskRun,
} from '../executions/wire';
import { liveBus, type LiveBus } from '../live/bus';
import type {
  ExecutionDetail,
  ExecutionFilter,
  ExecutionListQuery,
  ExecutionListResponse,
  ExecutionSummary,
  NamespaceStatus,
  OutcomesResponse,
  RemediationSummary,
  WorkloadDto,
} from '../schemas/executions';
import { kubeConfigFor } from './client';
import { KubeHttpError, kubeGetJson } from './http';
import { Informer, type InformerStatus } from './informer';

const GROUP_PATH = '/apis/kubernaut.ai/v1alpha1';
const TEKTON_PATH = '/apis/tekton.dev/v1';

export interface ExecutionCacheOptions {
  kc: KubeConfig;
  /** Empty: one cluster-wide watch. */
  namespaces: string[];
  /** Where PipelineRuns, TaskRuns and Jobs of executions live. */
  executionNamespace: string;
  bus?: LiveBus;
  requestTimeoutMs?: number;
  pageSize?: number;
  watchdogMs?: number;
  forbiddenRetryMs?: number;
  /** Set false to skip the Tekton informers (tests of RBAC, for example). */
  tekton?: boolean;
}

interface TrackedInformer {
  namespace: string;
  resource: string;
  informer: Informer<unknown>;
}

/** `namespace/name`: how executions, RemediationRequests and detail entries are keyed. */
const objectKey = (namespace: string, name: string) => `${namespace}/${name}`;

export class ExecutionCache {
  readonly bus: LiveBus;
  private readonly executions = new Map<string, CachedExecution>();
  private readonly byName = new Map<string, string>();
  private readonly remediations = new Map<string, CachedRemediation>();
  /** RemediationRequest key → uids of the executions that reference it. */
  private readonly byRemediation = new Map<string, Set<string>>();
  /** PipelineRun/Job name → uids of executions whose executionRef names it. */
  private readonly byExecutionRef = new Map<string, Set<string>>();
  private readonly pipelineRuns = new Map<string, CachedPipelineRun>();
  private readonly taskRunsByPipelineRun = new Map<string, Map<string, CachedTaskRun>>();
  private readonly informers: TrackedInformer[] = [];
  private readonly detailCache = new Map<string, { raw: unknown; rv: string; at: number }>();
  private tektonTimer: NodeJS.Timeout | undefined;
  private started = false;
  private syncWaiters: (() => void)[] = [];

  constructor(private readonly opts: ExecutionCacheOptions) {
    this.bus = opts.bus ?? liveBus();
  }

  /** Starts the informers (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.informers.length) {
      // A restart: each informer relists and diffs against the store it kept, so
      // objects deleted while stopped are removed (and published) too.
      for (const t of this.informers) t.informer.start();
      if (this.opts.tekton !== false && !this.informers.some((t) => t.resource === 'pipelineruns')) void this.startTektonWhenServed();
      return;
    }
    const scopes = this.opts.namespaces.length ? this.opts.namespaces : ['*'];
    for (const ns of scopes) {
      const base = ns === '*' ? GROUP_PATH : `${GROUP_PATH}/namespaces/${encodeURIComponent(ns)}`;
      this.track(ns, 'workflowexecutions', {
        path: `${base}/workflowexecutions`,
        transform: toCachedExecution,
        onUpsert: (v, p) => this.upsertExecution(v as CachedExecution, p as CachedExecution | undefined),
        onDelete: (p) => this.deleteExecution(p as CachedExecution),
      });
      this.track(ns, 'remediationrequests', {
        path: `${base}/remediationrequests`,
        transform: toCachedRemediation,
        onUpsert: (v) => this.upsertRemediation(v as CachedRemediation),
        onDelete: (p) => this.deleteRemediation(p as CachedRemediation),
      });
    }
    if (this.opts.tekton !== false) void this.startTektonWhenServed();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.tektonTimer);
    for (const t of this.informers) t.informer.stop();
  }

  private track(
    namespace: string,
    resource: string,
    o: { path: string; transform: (raw: unknown) => unknown; onUpsert: (v: unknown, p: unknown) => void; onDelete: (p: unknown) => void },
  ): void {
    const informer = new Informer<unknown>({
      kc: this.opts.kc,
      name: `${resource} in ${namespace === '*' ? 'all namespaces' : `namespace ${namespace}`}`,
      path: o.path,
      transform: o.transform,
      onUpsert: o.onUpsert,
      onDelete: o.onDelete,
      onStatus: (s) => this.onInformerStatus(s),
      ...(this.opts.pageSize ? { pageSize: this.opts.pageSize } : {}),
      ...(this.opts.watchdogMs ? { watchdogMs: this.opts.watchdogMs } : {}),
      ...(this.opts.forbiddenRetryMs ? { forbiddenRetryMs: this.opts.forbiddenRetryMs } : {}),
      listTimeoutMs: this.opts.requestTimeoutMs ?? 30_000,
    });
    this.informers.push({ namespace, resource, informer });
    informer.start();
  }

  /** PipelineRuns/TaskRuns are optional: watch them only when the API serves tekton.dev/v1. */
  private async startTektonWhenServed(): Promise<void> {
    if (!this.started) return;
    let served = false;
    try {
      const doc = await kubeGetJson<{ resources?: { name?: string }[] }>(this.opts.kc, TEKTON_PATH, {}, { timeoutMs: this.opts.requestTimeoutMs ?? 15_000 });
      served = (doc.resources ?? []).some((r) => r.name === 'pipelineruns');
    } catch (err) {
      if (!(err instanceof KubeHttpError && err.code === 404)) log.warn('tekton discovery failed', { err });
    }
    if (!this.started) return;
    if (!served) {
      this.tektonTimer = setTimeout(() => void this.startTektonWhenServed(), 5 * 60_000);
      this.tektonTimer.unref?.();
      return;
    }
    const ns = this.opts.executionNamespace;
    const base = `${TEKTON_PATH}/namespaces/${encodeURIComponent(ns)}`;
    this.track(ns, 'pipelineruns', {
      path: `${base}/pipelineruns`,
      transform: toCachedPipelineRun,
      onUpsert: (v) => this.upsertPipelineRun(v as CachedPipelineRun),
      onDelete: (p) => this.deletePipelineRun(p as CachedPipelineRun),
    });
    this.track(ns, 'taskruns', {
      path: `${base}/taskruns`,
      transform: toCachedTaskRun,
      onUpsert: (v) => this.upsertTaskRun(v as CachedTaskRun),
      onDelete: (p) => this.deleteTaskRun(p as CachedTaskRun),
    });
  }

  // ------------------------------------------------------------------------------
  // Store maintenance (called by the informers)
  // ------------------------------------------------------------------------------

  private publish(change: ExecutionChange): void {
    this.bus.publish(EXECUTIONS_TOPIC, change);
  }

  private upsertExecution(entry: CachedExecution, previous: CachedExecution | undefined): void {
    if (entry.summary.invalid) log.warn('invalid WorkflowExecution', { namespace: entry.summary.namespace, name: entry.summary.name, reason: entry.summary.invalid.reason });
    const uid = entry.summary.uid;
    if (previous) this.unindex(previous);
    this.executions.set(uid, entry);
    this.byName.set(objectKey(entry.summary.namespace, entry.summary.name), uid);
    if (entry.rrName) addTo(this.byRemediation, objectKey(entry.rrNamespace ?? entry.summary.namespace, entry.rrName), uid);
    if (entry.executionRef) addTo(this.byExecutionRef, entry.executionRef, uid);
    this.publish({ kind: 'upsert', ...(previous ? { before: previous } : {}), after: entry, summary: this.withRemediation(entry) });
  }

  private deleteExecution(previous: CachedExecution): void {
    this.unindex(previous);
    this.executions.delete(previous.summary.uid);
    this.detailCache.delete(objectKey(previous.summary.namespace, previous.summary.name));
    this.publish({ kind: 'delete', before: previous });
  }

  private unindex(e: CachedExecution): void {
    const key = objectKey(e.summary.namespace, e.summary.name);
    if (this.byName.get(key) === e.summary.uid) this.byName.delete(key);
    if (e.rrName) removeFrom(this.byRemediation, objectKey(e.rrNamespace ?? e.summary.namespace, e.rrName), e.summary.uid);
    if (e.executionRef) removeFrom(this.byExecutionRef, e.executionRef, e.summary.uid);
  }

  private upsertRemediation(rr: CachedRemediation): void {
    const key = objectKey(rr.namespace, rr.name);
    const prev = this.remediations.get(key);
    this.remediations.set(key, rr);
    if (prev && prev.signalName === rr.signalName && prev.severity === rr.severity && prev.overallPhase === rr.overallPhase && prev.outcome === rr.outcome) return;
    this.republishFor(this.byRemediation.get(key));
  }

  private deleteRemediation(rr: CachedRemediation): void {
    const key = objectKey(rr.namespace, rr.name);
    if (this.remediations.get(key)?.uid === rr.uid) this.remediations.delete(key);
    this.republishFor(this.byRemediation.get(key));
  }

  /** The row of each execution changed through a joined object: publish it again. */
  private republishFor(uids: Set<string> | undefined): void {
    for (const uid of uids ?? []) {
      const e = this.executions.get(uid);
      if (e) this.publish({ kind: 'upsert', before: e, after: e, summary: this.withRemediation(e) });
    }
  }

  private upsertPipelineRun(run: CachedPipelineRun): void {
    this.pipelineRuns.set(run.name, run);
    this.relatedChanged(run.name, run);
  }

  private deletePipelineRun(run: CachedPipelineRun): void {
    if (this.pipelineRuns.get(run.name)?.uid === run.uid) this.pipelineRuns.delete(run.name);
    this.relatedChanged(run.name, run);
  }

  private upsertTaskRun(tr: CachedTaskRun): void {
    if (!tr.pipelineRun) return;
    let set = this.taskRunsByPipelineRun.get(tr.pipelineRun);
    if (!set) {
      set = new Map();
      this.taskRunsByPipelineRun.set(tr.pipelineRun, set);
    }
    set.set(tr.uid, tr);
    this.relatedChanged(tr.pipelineRun, this.pipelineRuns.get(tr.pipelineRun));
  }

  private deleteTaskRun(tr: CachedTaskRun): void {
    if (!tr.pipelineRun) return;
    const set = this.taskRunsByPipelineRun.get(tr.pipelineRun);
    set?.delete(tr.uid);
    if (set && set.size === 0) this.taskRunsByPipelineRun.delete(tr.pipelineRun);
    this.relatedChanged(tr.pipelineRun, this.pipelineRuns.get(tr.pipelineRun));
  }

  /** Tells detail subscribers of the execution(s) a PipelineRun belongs to. */
  private relatedChanged(runName: string, run: CachedPipelineRun | undefined): void {
    const targets = new Set<string>();
    for (const uid of this.byExecutionRef.get(runName) ?? []) {
      const e = this.executions.get(uid);
      if (e) targets.add(objectKey(e.summary.namespace, e.summary.name));
    }
    if (run?.workflowExecution) targets.add(objectKey(run.sourceNamespace ?? '', run.workflowExecution));
    for (const key of targets) {
      const [namespace, name] = key.split('/') as [string, string];
      if (namespace) this.publish({ kind: 'related', namespace, name });
    }
  }

  // ------------------------------------------------------------------------------
  // Status
  // ------------------------------------------------------------------------------

  private onInformerStatus(_s: InformerStatus): void {
    if (this.initialSyncDone()) {
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** True when every execution/remediation informer has finished its first attempt. */
  private initialSyncDone(): boolean {
    return this.informers
      .filter((t) => t.resource === 'workflowexecutions' || t.resource === 'remediationrequests')
      .every((t) => t.informer.status.synced || t.informer.status.state === 'forbidden' || t.informer.status.state === 'error');
  }

  /** Resolves when the first list of every namespace finished (or failed), or after `timeoutMs`. */
  async whenSynced(timeoutMs: number): Promise<boolean> {
    if (this.initialSyncDone()) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.syncWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The state of every watch, for the banner of namespaces Flightdeck cannot read. */
  namespaceStatuses(): NamespaceStatus[] {
    return this.informers.map((t) => {
      const s = t.informer.status;
      const status: NamespaceStatus['status'] = s.state === 'stopped' ? 'error' : s.state;
      return { namespace: t.namespace, resource: t.resource, status, ...(s.message ? { message: s.message } : {}) };
    });
  }

  /** Informer counters (tests and the bench). */
  informerStats(): { namespace: string; resource: string; stats: Informer<unknown>['stats'] }[] {
    return this.informers.map((t) => ({ namespace: t.namespace, resource: t.resource, stats: { ...t.informer.stats } }));
  }

  /** Drops every open watch as a network failure would (tests, chaos drills). */
  disruptWatches(): void {
    for (const t of this.informers) t.informer.disruptWatch();
  }

  /** Re-opens every watch from `resourceVersion` (tests: an expired one forces a relist). */
  rewatchFrom(resourceVersion: string): void {
    for (const t of this.informers) t.informer.rewatchFrom(resourceVersion);
  }

  get size(): number {
    return this.executions.size;
  }

  // ------------------------------------------------------------------------------
  // Reads
  // ------------------------------------------------------------------------------

  private remediationOf(e: CachedExecution): RemediationSummary | undefined {
    if (!e.rrName) return undefined;
    const ns = e.rrNamespace ?? e.summary.namespace;
    const rr = this.remediations.get(objectKey(ns, e.rrName));
    if (!rr) return { namespace: ns, name: e.rrName, found: false };
    const { uid: _uid, ...summary } = rr;
    return summary;
  }

  /** The row with its remediation joined in. */
  withRemediation(e: CachedExecution): ExecutionSummary {
    const remediation = this.remediationOf(e);
    return remediation ? { ...e.summary, remediation } : e.summary;
  }

  /** One page of executions for a validated query. */
  list(query: ExecutionListQuery, now = Date.now()): ExecutionListResponse {
    const page = pageExecutions(this.executions.values(), query, now);
    return {
      items: page.items.map((e) => this.withRemediation(e)),
      nextCursor: page.nextCursor,
      total: page.total,
      counts: page.counts,
      namespaces: this.namespaceStatuses(),
      seq: this.bus.seq,
      epoch: this.bus.epoch,
      syncing: !this.initialSyncDone(),
    };
  }

  /** Executions per creation-time bucket and phase for a filter. */
  outcomes(filter: ExecutionFilter, now = Date.now()): OutcomesResponse {
    return { ...outcomesOverTime(this.executions.values(), filter, now), seq: this.bus.seq };
  }

  /** The cached row of one execution, if any. */
  summary(namespace: string, name: string): ExecutionSummary | undefined {
    const uid = this.byName.get(objectKey(namespace, name));
    const e = uid ? this.executions.get(uid) : undefined;
    return e ? this.withRemediation(e) : undefined;
  }

  /**
   * The detail of one execution. The full object is read from the API (the cache keeps
   * compact rows only) and reused while its resourceVersion matches the watched one.
   */
  async detail(namespace: string, name: string): Promise<ExecutionDetail> {
    const seq = this.bus.seq;
    const raw = await this.fetchExecution(namespace, name);
    const meta = (raw as { metadata?: { uid?: string } }).metadata;
    const cached = meta?.uid ? this.executions.get(meta.uid) : undefined;
    const entry = cached ?? toCachedExecution(raw);
    if (!entry) throw new AppError('upstream:kubernetes', 'The WorkflowExecution returned by Kubernetes has no identity.');
    const remediation = this.remediationOf(entry);
    const workload = await this.workloadOf(raw, entry);
    return buildDetail({ raw, seq, epoch: this.bus.epoch, ...(remediation ? { remediation } : {}), ...(workload ? { workload } : {}) });
  }

  private async fetchExecution(namespace: string, name: string): Promise<unknown> {
    const key = objectKey(namespace, name);
    const uid = this.byName.get(key);
    const watchedRv = uid ? this.executions.get(uid)?.summary.resourceVersion : undefined;
    const hit = this.detailCache.get(key);
    if (hit && watchedRv && hit.rv === watchedRv && Date.now() - hit.at < 30_000) return hit.raw;
    const path = `${GROUP_PATH}/namespaces/${encodeURIComponent(namespace)}/workflowexecutions/${encodeURIComponent(name)}`;
    let raw: unknown;
    try {
      raw = await kubeGetJson(this.opts.kc, path, {}, { timeoutMs: this.opts.requestTimeoutMs ?? 15_000 });
    } catch (err) {
      throw mapKubeError(err, `WorkflowExecution ${namespace}/${name}`, 'execution');
    }
    const m = (raw as { metadata?: { resourceVersion?: string; managedFields?: unknown } }).metadata;
    if (m) delete m.managedFields;
    if (this.detailCache.size > 200) this.detailCache.clear();
    this.detailCache.set(key, { raw, rv: m?.resourceVersion ?? '', at: Date.now() });
    return raw;
  }

  private async workloadOf(raw: unknown, entry: CachedExecution): Promise<WorkloadDto | undefined> {
    const ref = entry.executionRef;
    if (!ref) return undefined;
    const ns = this.opts.executionNamespace;
    const status = (raw as { status?: { executionEngine?: string; executionStatus?: { completedTasks?: number; totalTasks?: number } } }).status;
    const engine = status?.executionEngine;
    const run = this.pipelineRuns.get(ref);
    const tektonWatched = this.informers.some((t) => t.resource === 'pipelineruns' && t.informer.status.synced);
    if (run || (engine !== 'job' && tektonWatched)) {
      const taskRuns = [...(this.taskRunsByPipelineRun.get(ref)?.values() ?? [])].map(({ uid: _u, namespace: _n, pipelineRun: _p, ...dto }) => dto);
      const es = status?.executionStatus;
      return pipelineRunWorkload(ns, ref, run, taskRuns, {
        ...(es?.completedTasks !== undefined ? { completedTasks: es.completedTasks } : {}),
        ...(es?.totalTasks !== undefined ? { totalTasks: es.totalTasks } : {}),
      });
    }
    return this.jobWorkload(ns, ref);
  }

  private async jobWorkload(ns: string, name: string): Promise<WorkloadDto> {
    try {
      const raw = await kubeGetJson(this.opts.kc, `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs/${encodeURIComponent(name)}`, {}, {
        timeoutMs: this.opts.requestTimeoutMs ?? 15_000,
      });
      const job = jobSchema.parse(raw);
      const conds = job.status?.conditions ?? [];
      const complete = conds.find((c) => c.type === 'Complete' && c.status === 'True');
      const failed = conds.find((c) => c.type === 'Failed' && c.status === 'True');
      const s = complete ? runStatus([{ type: 'Succeeded', status: 'True', reason: complete.reason ?? 'Complete' }]) : failed ? runStatus([{ type: 'Succeeded', status: 'False', reason: failed.reason ?? 'Failed' }]) : { status: (job.status?.active ? 'Running' : 'Pending') as WorkloadDto['status'] };
      return {
        kind: 'Job',
        namespace: ns,
        name,
        found: true,
        ...s,
        ...(failed?.message ? { message: failed.message } : {}),
        ...(job.status?.startTime ? { startTime: job.status.startTime } : {}),
        ...(job.status?.completionTime ? { completionTime: job.status.completionTime } : {}),
        taskRuns: [],
      };
    } catch (err) {
      const code = err instanceof KubeHttpError ? err.code : 0;
      return {
        kind: 'Job',
        namespace: ns,
        name,
        found: false,
        message: code === 404 ? 'Neither a PipelineRun nor a Job of this name exists in the execution namespace.' : code === 403 ? 'Flightdeck may not read Jobs in the execution namespace.' : 'The Job could not be read.',
        taskRuns: [],
      };
    }
  }
}

function addTo(index: Map<string, Set<string>>, key: string, uid: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(uid);
}

function removeFrom(index: Map<string, Set<string>>, key: string, uid: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(uid);
  if (set.size === 0) index.delete(key);
}

/** Maps a raw request failure to an AppError with a safe message. */
function mapKubeError(err: unknown, what: string, subject: string): AppError {
  if (err instanceof AppError) return err;
  const code = err instanceof KubeHttpError ? err.code : 0;
  if (code === 404) return new AppError(`not_found:${subject}`, `${what} was not found.`, { cause: err });
  if (code === 403) return new AppError('forbidden:kubernetes', `Flightdeck's ServiceAccount may not read ${what}.`, { cause: err });
  if (code === 401) return new AppError('unavailable:kubernetes', `Kubernetes rejected Flightdeck's credentials while reading ${what}.`, { cause: err });
  if (code === 0 && err instanceof KubeHttpError && err.reason === 'Timeout') return new AppError('timeout:kubernetes', `Kubernetes did not answer in time while reading ${what}.`, { cause: err });
  if (code >= 500) return new AppError('upstream:kubernetes', `Kubernetes failed while reading ${what} (HTTP ${code}).`, { cause: err });
  return new AppError('unavailable:kubernetes', `The Kubernetes API could not be reached while reading ${what}.`, { cause: err });
}

/**
 * The process's executions cache, created and started on first use with Flightdeck's
 * own identity (one per process, see lib/singleton.ts).
 */
export function executionCache(): ExecutionCache {
  return processSingleton('executionCache', () => {
    const e = env();
    const cache = new ExecutionCache({
      kc: kubeConfigFor(systemIdentity()),
      namespaces: e.WATCH_NAMESPACES,
      executionNamespace: e.EXECUTION_NAMESPACE,
      requestTimeoutMs: e.KUBE_REQUEST_TIMEOUT_MS,
    });
    cache.start();
    return cache;
  });
}

/** Stops and forgets the process cache (tests). */
export function resetExecutionCacheForTests(): void {
  forgetSingleton<ExecutionCache>('executionCache')?.stop();
}
