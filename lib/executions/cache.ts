/**
 * The executions cache: list-then-watch informers for WorkflowExecutions and
 * RemediationRequests in every watched namespace (or cluster-wide), and, when Tekton's
 * CRDs are served, PipelineRuns and TaskRuns of the execution namespace, feeding the
 * executions store (lib/executions/store.ts). Detail reads go to the API and are reused
 * while the watched resourceVersion matches.
 *
 * One instance per process (`executionCache()`, started lazily with the system
 * identity); tests construct their own with an explicit KubeConfig and namespaces.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { env } from '../env';
import { AppError } from '../errors';
import { systemIdentity } from '../identity';
import { kubeConfigFor, type KubeConfig } from '../k8s/client';
import { kubeError } from '../k8s/errors';
import { KubeHttpError, kubeGetJson } from '../k8s/http';
import { Informer, type InformerStatus } from '../k8s/informer';
import { stripManagedFields } from '../k8s/watch-reducer';
import { collectionPath, jobSchema, JOBS, identifiedObjectSchema, wfeSchema, objectPath, PIPELINE_RUNS, REMEDIATION_REQUESTS, TASK_RUNS, TEKTON_API, WORKFLOW_EXECUTIONS, type ResourceRef, type WireWfeStatus } from '../k8s/objects';
import { liveBus, type LiveBus } from '../live/bus';
import { log } from '../log';
import type { ExecutionDetail, ExecutionFilter, ExecutionListQuery, ExecutionListResponse, ExecutionSummary, NamespaceStatus, OutcomesResponse, WorkloadDto } from '../schemas/executions';
import type { ExecutionsOverview } from '../schemas/overview';
import { forgetSingleton, processSingleton } from '../singleton';
import { buildDetail, pipelineRunWorkload } from './detail';
import { ExecutionStore, objectKey } from './store';
import {
  runStatus,
  toCachedExecution,
  toCachedPipelineRun,
  toCachedRemediation,
  toCachedTaskRun,
  type CachedExecution,
  type CachedPipelineRun,
  type CachedRemediation,
  type CachedTaskRun,
} from './wire';

/** How long a fetched WorkflowExecution is reused (while its resourceVersion still matches the watched one). */
const DETAIL_TTL_MS = 30_000;
/** Fetched WorkflowExecutions kept for reuse (least recently used go first). */
const DETAIL_MAX = 200;
/** Longest an overview answer is reused while no execution changed. */
const OVERVIEW_REUSE_MS = 2_000;
/** How often to look again for Tekton's API when it is not served. */
const TEKTON_RECHECK_MS = 5 * 60_000;

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

export class ExecutionCache {
  readonly bus: LiveBus;
  private readonly store: ExecutionStore;
  private readonly informers: TrackedInformer[] = [];
  private readonly overviews = new LRUCache<string, { seq: number; at: number; value: ExecutionsOverview }>({ max: 100 });
  private readonly detailCache = new LRUCache<string, { raw: object; rv: string }>({ max: DETAIL_MAX, ttl: DETAIL_TTL_MS });
  private tektonTimer: NodeJS.Timeout | undefined;
  private started = false;
  private syncWaiters: (() => void)[] = [];

  constructor(private readonly opts: ExecutionCacheOptions) {
    this.bus = opts.bus ?? liveBus();
    this.store = new ExecutionStore(this.bus, (namespace, name) => this.detailCache.delete(objectKey(namespace, name)));
  }

  private get timeoutMs(): number {
    return this.opts.requestTimeoutMs ?? env().KUBE_REQUEST_TIMEOUT_MS;
  }

  /** Starts the informers (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.informers.length) {
      // A restart: each informer relists and diffs against the store it kept, so
      // objects deleted while stopped are removed (and published) too.
      for (const t of this.informers) t.informer.start();
      if (this.opts.tekton !== false && !this.informers.some((t) => t.resource === PIPELINE_RUNS.plural)) void this.startTektonWhenServed();
      return;
    }
    const scopes = this.opts.namespaces.length ? this.opts.namespaces : ['*'];
    for (const ns of scopes) {
      this.track<CachedExecution>(ns, WORKFLOW_EXECUTIONS, toCachedExecution, (v, p) => this.store.upsertExecution(v, p), (p) => this.store.deleteExecution(p));
      this.track<CachedRemediation>(ns, REMEDIATION_REQUESTS, toCachedRemediation, (v) => this.store.upsertRemediation(v), (p) => this.store.deleteRemediation(p));
    }
    if (this.opts.tekton !== false) void this.startTektonWhenServed();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.tektonTimer);
    for (const t of this.informers) t.informer.stop();
  }

  private track<T>(namespace: string, resource: ResourceRef, transform: (raw: unknown) => T | null, onUpsert: (v: T, p: T | undefined) => void, onDelete: (p: T) => void): void {
    const informer = new Informer<T>({
      kc: this.opts.kc,
      name: `${resource.plural} in ${namespace === '*' ? 'all namespaces' : `namespace ${namespace}`}`,
      path: collectionPath(resource, namespace),
      transform,
      onUpsert,
      onDelete,
      onStatus: (s) => this.onInformerStatus(s),
      ...(this.opts.pageSize ? { pageSize: this.opts.pageSize } : {}),
      ...(this.opts.watchdogMs ? { watchdogMs: this.opts.watchdogMs } : {}),
      ...(this.opts.forbiddenRetryMs ? { forbiddenRetryMs: this.opts.forbiddenRetryMs } : {}),
      ...(this.opts.requestTimeoutMs ? { listTimeoutMs: this.opts.requestTimeoutMs } : {}),
    });
    this.informers.push({ namespace, resource: resource.plural, informer: informer as Informer<unknown> });
    informer.start();
  }

  /** PipelineRuns/TaskRuns are optional: watch them only when the API serves tekton.dev/v1. */
  private async startTektonWhenServed(): Promise<void> {
    if (!this.started) return;
    let served = false;
    try {
      const doc = await kubeGetJson<{ resources?: { name?: string }[] }>(this.opts.kc, TEKTON_API, {}, { timeoutMs: this.timeoutMs });
      served = (doc.resources ?? []).some((r) => r.name === PIPELINE_RUNS.plural);
    } catch (err) {
      if (!(err instanceof KubeHttpError && err.code === 404)) log.warn('tekton discovery failed', { err });
    }
    if (!this.started) return;
    if (!served) {
      this.tektonTimer = setTimeout(() => void this.startTektonWhenServed(), TEKTON_RECHECK_MS);
      this.tektonTimer.unref?.();
      return;
    }
    const ns = this.opts.executionNamespace;
    this.track<CachedPipelineRun>(ns, PIPELINE_RUNS, toCachedPipelineRun, (v) => this.store.upsertPipelineRun(v), (p) => this.store.deletePipelineRun(p));
    this.track<CachedTaskRun>(ns, TASK_RUNS, toCachedTaskRun, (v) => this.store.upsertTaskRun(v), (p) => this.store.deleteTaskRun(p));
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
      .filter((t) => t.resource === WORKFLOW_EXECUTIONS.plural || t.resource === REMEDIATION_REQUESTS.plural)
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

  /** The namespaces that hold at least one cached execution (per-person access is decided per namespace). */
  namespacesInUse(): Set<string> {
    return this.store.namespaces();
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
    return this.store.size;
  }

  // ------------------------------------------------------------------------------
  // Reads
  // ------------------------------------------------------------------------------

  /** The row with its remediation joined in. */
  withRemediation(e: CachedExecution): ExecutionSummary {
    return this.store.withRemediation(e);
  }

  /** One page of executions for a validated query. */
  list(query: ExecutionListQuery, now = Date.now()): ExecutionListResponse {
    return {
      ...this.store.page(query, now),
      namespaces: this.namespaceStatuses(),
      seq: this.bus.seq,
      epoch: this.bus.epoch,
      syncing: !this.initialSyncDone(),
    };
  }

  /** Executions per creation-time bucket and phase for a filter. */
  outcomes(filter: ExecutionFilter, now = Date.now()): OutcomesResponse {
    return { ...this.store.outcomes(filter, now), seq: this.bus.seq };
  }

  /**
   * The overview's numbers over the rows of `visible` (a namespace filter). An answer is
   * reused while nothing was published on the bus since (same seq) and for at most
   * OVERVIEW_REUSE_MS, as its 24-hour windows slide: many open overviews cost one pass.
   */
  overview(visible: ExecutionFilter, now = Date.now()): ExecutionsOverview {
    const key = visible.namespace?.join(',') ?? '*';
    const seq = this.bus.seq;
    const hit = this.overviews.get(key);
    if (hit && hit.seq === seq && now >= hit.at && now - hit.at < OVERVIEW_REUSE_MS) return hit.value;
    const value = this.store.overview(visible, now, !this.initialSyncDone());
    this.overviews.set(key, { seq, at: now, value });
    return value;
  }

  /** The cached row of one execution, if any. */
  summary(namespace: string, name: string): ExecutionSummary | undefined {
    const e = this.store.entry(namespace, name);
    return e ? this.store.withRemediation(e) : undefined;
  }

  /**
   * The detail of one execution. The full object is read from the API (the cache keeps
   * compact rows only) and reused while its resourceVersion matches the watched one.
   */
  async detail(namespace: string, name: string): Promise<ExecutionDetail> {
    const seq = this.bus.seq;
    const raw = await this.fetchExecution(namespace, name);
    const fresh = toCachedExecution(raw);
    if (!fresh) throw new AppError('upstream:kubernetes', 'The WorkflowExecution returned by Kubernetes has no identity.');
    const entry = this.store.byUid(fresh.summary.uid) ?? fresh;
    const remediation = this.store.remediationOf(entry);
    const parsed = wfeSchema.safeParse(raw);
    const workload = await this.workloadOf(parsed.success ? parsed.data.status : undefined, entry);
    return buildDetail({ raw, seq, epoch: this.bus.epoch, ...(remediation ? { remediation } : {}), ...(workload ? { workload } : {}) });
  }

  private async fetchExecution(namespace: string, name: string): Promise<object> {
    const key = objectKey(namespace, name);
    const watchedRv = this.store.entry(namespace, name)?.summary.resourceVersion;
    const hit = this.detailCache.get(key);
    if (hit && watchedRv && hit.rv === watchedRv) return hit.raw;
    let raw: object;
    try {
      raw = await kubeGetJson<object>(this.opts.kc, objectPath(WORKFLOW_EXECUTIONS, namespace, name), {}, { timeoutMs: this.timeoutMs });
    } catch (err) {
      throw kubeError(err, `WorkflowExecution ${namespace}/${name}`, 'execution');
    }
    stripManagedFields(raw);
    const identified = identifiedObjectSchema.safeParse(raw);
    this.detailCache.set(key, { raw, rv: (identified.success ? identified.data.metadata.resourceVersion : undefined) ?? '' });
    return raw;
  }

  private async workloadOf(status: WireWfeStatus | null | undefined, entry: CachedExecution): Promise<WorkloadDto | undefined> {
    const ref = entry.executionRef;
    if (!ref) return undefined;
    const ns = this.opts.executionNamespace;
    const engine = status?.executionEngine;
    const run = this.store.pipelineRun(ref);
    const tektonWatched = this.informers.some((t) => t.resource === PIPELINE_RUNS.plural && t.informer.status.synced);
    if (run || (engine !== 'job' && tektonWatched)) {
      const es = status?.executionStatus;
      return pipelineRunWorkload(ns, ref, run, this.store.taskRunsOf(ref), {
        ...(es?.completedTasks !== undefined ? { completedTasks: es.completedTasks } : {}),
        ...(es?.totalTasks !== undefined ? { totalTasks: es.totalTasks } : {}),
      });
    }
    return this.jobWorkload(ns, ref);
  }

  private async jobWorkload(ns: string, name: string): Promise<WorkloadDto> {
    try {
      const raw = await kubeGetJson(this.opts.kc, objectPath(JOBS, ns, name), {}, { timeoutMs: this.timeoutMs });
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

/** How long a first request waits for the initial list before answering with what there is. */
export const FIRST_SYNC_WAIT_MS = 10_000;

/** The process's executions cache once its first list finished, or FIRST_SYNC_WAIT_MS passed. */
export async function syncedExecutionCache(): Promise<ExecutionCache> {
  const cache = executionCache();
  await cache.whenSynced(FIRST_SYNC_WAIT_MS);
  return cache;
}

/** Stops and forgets the process cache (tests). */
export function resetExecutionCacheForTests(): void {
  forgetSingleton<ExecutionCache>('executionCache')?.stop();
}
