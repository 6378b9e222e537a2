/**
 * A list-then-watch informer for one collection path (one namespace, or cluster-wide),
 * written on raw HTTP instead of client-node's makeInformer because that one lists
 * without paging, stops on the first non-410 error and has no watchdog.
 *
 * - paged initial list (limit/continue; an expired continue token restarts the list)
 * - watch from the list's resourceVersion with bookmarks and a server-side timeout
 * - 410 Gone → relist and diff against the store (deletes missed while away are emitted)
 * - any other failure → restart with jittered exponential backoff
 * - watchdog: a stream silent for `watchdogMs` (not even a bookmark) is re-opened, since a
 *   half-open TCP connection can stall a watch for many minutes
 * - 403 → status 'forbidden', retried slowly (RBAC may be granted later), never fatal
 *
 * The store keeps only the compact value `transform` returns (managedFields and everything
 * else the UI does not need are dropped as each page arrives).
 *
 * Lists and watches come from a ListWatchSource: the API server by default, a scripted
 * one in the unit tests of this state machine (informer.test.ts).
 */
import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { log } from '../log';
import { registerWatchedCache } from '../metrics';
import { outsideRequestContext } from '../request-context';
import { KubeHttpError, kubeGetJson, kubeWatch, type WatchHandle } from './http';
import { backoffMs, decideWatchEvent, diffRelist, stripManagedFields, type RawWatchEvent } from './watch-reducer';

/** Objects per list page: small enough for the API server's memory, few enough round trips. */
const PAGE_SIZE = 500;
/** A list page that takes longer is abandoned and retried. */
const LIST_TIMEOUT_MS = 30_000;
/**
 * A watch silent this long is re-opened. The API server's watch cache sends bookmarks
 * about once a minute, so a healthy watch is never this quiet; a half-open connection
 * otherwise stalls for minutes.
 */
const WATCHDOG_MS = 150_000;
/** RBAC may be granted later: retry a forbidden list this often. */
const FORBIDDEN_RETRY_MS = 60_000;

export type InformerState = 'syncing' | 'ok' | 'forbidden' | 'error' | 'stopped';

export interface InformerStatus {
  state: InformerState;
  /** True once a full list completed (the store is complete as of some version). */
  synced: boolean;
  message?: string;
  /** When the state last changed (ms). */
  since: number;
}

interface ListPage {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown[];
}

/** Where an informer's lists and watches come from. */
export interface ListWatchSource {
  /** One page of the collection; rejects with KubeHttpError (code 0 for timeouts and network failures). */
  list(query: { limit: number; continue: string | undefined }, options: { timeoutMs: number; signal: AbortSignal }): Promise<ListPage>;
  /** Opens a watch; `onDone` is called once (null: closed cleanly or aborted). */
  watch(
    query: { resourceVersion: string | undefined; allowWatchBookmarks: true; timeoutSeconds: number },
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: Error | null) => void,
  ): WatchHandle;
}

/** The API server as a ListWatchSource for one collection path. */
export function apiServerSource(kc: KubeConfig, path: string): ListWatchSource {
  return {
    list: (query, { timeoutMs, signal }) => kubeGetJson<ListPage>(kc, path, query, { timeoutMs, signal }),
    watch: (query, onEvent, onDone) => kubeWatch(kc, path, query, onEvent, onDone),
  };
}

export interface InformerOptions<T> {
  /** With `path`: list and watch the API server. */
  kc?: KubeConfig;
  /** Collection path, such as /apis/kubernaut.ai/v1alpha1/namespaces/x/workflowexecutions. */
  path: string;
  /** Replaces the API server (unit tests); `kc` is then not needed. */
  source?: ListWatchSource;
  /** Human name for logs and status messages, such as "workflowexecutions in x". */
  name: string;
  /** Compact value for the store; null drops the object (logged). */
  transform: (raw: unknown) => T | null;
  onUpsert: (value: T, previous: T | undefined) => void;
  onDelete: (previous: T) => void;
  onStatus?: (status: InformerStatus) => void;
  /** Called after each completed (re)list, when the store is complete. */
  onSynced?: () => void;
  pageSize?: number;
  listTimeoutMs?: number;
  /** Re-open a watch that delivered nothing for this long. */
  watchdogMs?: number;
  /** Backoff after a 403 (the identity may be granted access later). */
  forbiddenRetryMs?: number;
}

export class Informer<T> {
  private readonly source: ListWatchSource;
  private readonly store = new Map<string, { value: T; rv: string }>();
  private resourceVersion: string | undefined;
  private watch: WatchHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private attempt = 0;
  private running = false;
  private watchOpenedAt = 0;
  private listAbort: AbortController | undefined;
  private statusValue: InformerStatus = { state: 'syncing', synced: false, since: Date.now() };
  /** Counts for tests and the bench: how often each recovery path ran. */
  /** Tallies for tests and metrics; `lastEventAt` counts bookmarks too (epoch ms, 0 = never). */
  readonly stats = { lists: 0, watches: 0, relistsOn410: 0, watchdogFires: 0, errors: 0, events: 0, lastEventAt: 0 };
  private unregisterMetrics: (() => void) | undefined;

  constructor(private readonly opts: InformerOptions<T>) {
    if (opts.source) this.source = opts.source;
    else if (opts.kc) this.source = apiServerSource(opts.kc, opts.path);
    else throw new Error(`informer ${opts.name} needs a KubeConfig or a source`);
  }

  get status(): InformerStatus {
    return this.statusValue;
  }

  /** The current value of every object (read-only view). */
  values(): IterableIterator<T> {
    const it = this.store.values();
    return (function* () {
      for (const entry of it) yield entry.value;
    })();
  }

  get size(): number {
    return this.store.size;
  }

  /** The collection path this informer lists and watches. */
  get path(): string {
    return this.opts.path;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unregisterMetrics ??= registerWatchedCache(this);
    // Often first started by a request; its timers must not carry that request's id.
    outsideRequestContext(() => this.schedule(0, 'list'));
  }

  stop(): void {
    this.running = false;
    this.unregisterMetrics?.();
    this.unregisterMetrics = undefined;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    this.listAbort?.abort();
    this.watch?.abort();
    this.watch = undefined;
    this.setStatus({ state: 'stopped', synced: this.statusValue.synced });
  }

  /**
   * Drops the current watch connection as a network failure would (tests and chaos
   * drills); the informer recovers through its normal error path.
   */
  disruptWatch(): void {
    const w = this.watch;
    this.watch = undefined;
    if (w) {
      w.abort();
      this.onWatchDone(new Error('watch disrupted'));
    }
  }

  /**
   * Re-opens the watch from the given resourceVersion (tests and chaos drills use an
   * expired one to exercise the 410 → relist path against a real API server).
   */
  rewatchFrom(resourceVersion: string): void {
    const w = this.watch;
    this.watch = undefined;
    w?.abort();
    this.resourceVersion = resourceVersion;
    this.openWatch();
  }

  private setStatus(next: Omit<InformerStatus, 'since'>): void {
    const prev = this.statusValue;
    if (prev.state === next.state && prev.synced === next.synced && prev.message === next.message) return;
    this.statusValue = { ...next, since: Date.now() };
    this.opts.onStatus?.(this.statusValue);
  }

  private schedule(ms: number, what: 'list' | 'watch'): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => {
      if (!this.running) return;
      if (what === 'list') void this.list();
      else this.openWatch();
    }, ms);
    this.timer.unref?.();
  }

  private async list(): Promise<void> {
    this.stats.lists += 1;
    const pageSize = this.opts.pageSize ?? PAGE_SIZE;
    const listed = new Map<string, { value: T; rv: string }>();
    let cont: string | undefined;
    let rv: string | undefined;
    this.listAbort = new AbortController();
    try {
      do {
        const page = await this.source.list({ limit: pageSize, continue: cont }, { timeoutMs: this.opts.listTimeoutMs ?? LIST_TIMEOUT_MS, signal: this.listAbort.signal });
        if (!this.running) return;
        for (const raw of page.items ?? []) {
          stripManagedFields(raw);
          const m = (raw as { metadata?: { uid?: string; resourceVersion?: string } }).metadata;
          if (!m?.uid) continue;
          const value = this.safeTransform(raw);
          if (value !== null) listed.set(m.uid, { value, rv: m.resourceVersion ?? '' });
        }
        cont = page.metadata?.continue || undefined;
        // The consistent snapshot is the first page's version; later pages share it.
        rv ??= page.metadata?.resourceVersion;
      } while (cont);
    } catch (err) {
      if (!this.running) return;
      this.onListError(err);
      return;
    }
    this.applyRelist(listed);
    this.stats.lastEventAt = Date.now();
    this.resourceVersion = rv;
    this.attempt = 0;
    this.setStatus({ state: 'ok', synced: true });
    this.opts.onSynced?.();
    this.openWatch();
  }

  private safeTransform(raw: unknown): T | null {
    try {
      const value = this.opts.transform(raw);
      if (value === null) log.warn('object dropped: cannot be identified', { informer: this.opts.name });
      return value;
    } catch (err) {
      log.warn('object dropped: transform failed', { informer: this.opts.name, err });
      return null;
    }
  }

  private applyRelist(listed: Map<string, { value: T; rv: string }>): void {
    const current = new Map<string, string>();
    for (const [uid, entry] of this.store) current.set(uid, entry.rv);
    const next = new Map<string, string>();
    for (const [uid, entry] of listed) next.set(uid, entry.rv);
    const diff = diffRelist(current, next);
    for (const uid of diff.deleted) {
      const prev = this.store.get(uid);
      this.store.delete(uid);
      if (prev) this.opts.onDelete(prev.value);
    }
    for (const uid of diff.upserted) {
      const entry = listed.get(uid);
      if (!entry) continue;
      const prev = this.store.get(uid);
      this.store.set(uid, entry);
      this.opts.onUpsert(entry.value, prev?.value);
    }
  }

  private onListError(err: unknown): void {
    this.stats.errors += 1;
    const code = err instanceof KubeHttpError ? err.code : 0;
    const reason = err instanceof KubeHttpError ? err.reason : 'Network';
    if (code === 403) {
      this.setStatus({ state: 'forbidden', synced: this.statusValue.synced, message: `Flightdeck may not list ${this.opts.name}.` });
      log.warn('list forbidden', { informer: this.opts.name });
      this.schedule(this.opts.forbiddenRetryMs ?? FORBIDDEN_RETRY_MS, 'list');
      return;
    }
    if (code === 410) {
      // The continue token expired mid-list: start over at once.
      this.schedule(0, 'list');
      return;
    }
    const message =
      code === 404
        ? `The API does not serve ${this.opts.name} (is the CRD installed?).`
        : code === 401
          ? `Kubernetes rejected Flightdeck's credentials while listing ${this.opts.name}.`
          : `Listing ${this.opts.name} failed (${code ? `HTTP ${code} ${reason}` : reason}); retrying.`;
    this.setStatus({ state: 'error', synced: this.statusValue.synced, message });
    log.warn('list failed', { informer: this.opts.name, code, reason, err });
    this.schedule(backoffMs(this.attempt++), 'list');
  }

  private openWatch(): void {
    if (!this.running) return;
    this.stats.watches += 1;
    // Server-side timeout between 4 and 6 minutes, so watches of many informers do not
    // all reconnect at the same instant.
    const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
    const handle = this.source.watch(
      { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
      (event) => {
        if (this.watch !== handle) return;
        this.armWatchdog();
        this.onWatchEvent(event);
      },
      (err) => {
        if (this.watch !== handle) return;
        this.watch = undefined;
        this.onWatchDone(err);
      },
    );
    this.watch = handle;
    this.watchOpenedAt = Date.now();
    this.armWatchdog();
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (!this.running) return;
    this.watchdog = setTimeout(() => {
      if (!this.watch) return;
      this.stats.watchdogFires += 1;
      log.warn('watch silent; re-opening', { informer: this.opts.name, afterMs: this.opts.watchdogMs ?? WATCHDOG_MS });
      const w = this.watch;
      this.watch = undefined;
      w.abort();
      this.openWatch();
    }, this.opts.watchdogMs ?? WATCHDOG_MS);
    this.watchdog.unref?.();
  }

  private onWatchEvent(event: { type?: string; object?: unknown }): void {
    this.stats.lastEventAt = Date.now();
    const decision = decideWatchEvent(event);
    switch (decision.kind) {
      case 'upsert': {
        this.stats.events += 1;
        stripManagedFields(decision.object);
        this.resourceVersion = decision.resourceVersion;
        const value = this.safeTransform(decision.object);
        if (value === null) return;
        const prev = this.store.get(decision.uid);
        this.store.set(decision.uid, { value, rv: decision.resourceVersion });
        this.opts.onUpsert(value, prev?.value);
        return;
      }
      case 'delete': {
        this.stats.events += 1;
        this.resourceVersion = decision.resourceVersion;
        const prev = this.store.get(decision.uid);
        this.store.delete(decision.uid);
        if (prev) this.opts.onDelete(prev.value);
        return;
      }
      case 'bookmark':
        this.resourceVersion = decision.resourceVersion;
        return;
      case 'expired': {
        this.stats.relistsOn410 += 1;
        const w = this.watch;
        this.watch = undefined;
        w?.abort();
        log.info('watch expired (410); relisting', { informer: this.opts.name });
        this.schedule(0, 'list');
        return;
      }
      case 'error': {
        const w = this.watch;
        this.watch = undefined;
        w?.abort();
        this.onWatchDone(new KubeHttpError(decision.code, decision.reason, decision.message));
        return;
      }
      case 'ignore':
        return;
    }
  }

  private onWatchDone(err: Error | null): void {
    clearTimeout(this.watchdog);
    if (!this.running) return;
    if (!err) {
      // Server-side timeout or a clean close: continue from where we are, at once unless
      // the server keeps closing new watches straight away (then back off, no hot loop).
      const shortLived = Date.now() - this.watchOpenedAt < 1000;
      this.attempt = shortLived ? this.attempt + 1 : 0;
      this.schedule(shortLived ? backoffMs(this.attempt) : 0, 'watch');
      return;
    }
    this.stats.errors += 1;
    const code = err instanceof KubeHttpError ? err.code : 0;
    if (code === 410) {
      this.stats.relistsOn410 += 1;
      this.schedule(0, 'list');
      return;
    }
    if (code === 403) {
      this.setStatus({ state: 'forbidden', synced: this.statusValue.synced, message: `Flightdeck may not watch ${this.opts.name}.` });
      this.schedule(this.opts.forbiddenRetryMs ?? FORBIDDEN_RETRY_MS, 'list');
      return;
    }
    const delay = backoffMs(this.attempt++);
    log.warn('watch failed; restarting', { informer: this.opts.name, code, delayMs: delay, err });
    // After several failures in a row the version may be stale too: relist.
    this.schedule(delay, this.attempt > 3 ? 'list' : 'watch');
  }
}
