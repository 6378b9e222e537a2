import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeHttpError, type WatchHandle } from './http';
import { Informer, type ListWatchSource } from './informer';
import type { RawWatchEvent } from './watch-reducer';

interface Obj {
  uid: string;
  rv: string;
}

const obj = (uid: string, rv: string) => ({ metadata: { uid, name: uid, namespace: 'ns', resourceVersion: rv } });

interface OpenWatch {
  resourceVersion: string | undefined;
  allowWatchBookmarks: boolean;
  emit: (event: RawWatchEvent) => void;
  done: (err: Error | null) => void;
  aborted: boolean;
}

/**
 * A scripted list/watch source: each list answers with the next scripted page set (the
 * last one repeats), each watch is recorded so the test can drive it.
 */
function scriptedSource(lists: { rv: string; items: unknown[] }[]) {
  const watches: OpenWatch[] = [];
  let listCalls = 0;
  const source: ListWatchSource = {
    async list() {
      const answer = lists[Math.min(listCalls, lists.length - 1)]!;
      listCalls += 1;
      return { metadata: { resourceVersion: answer.rv }, items: structuredClone(answer.items) };
    },
    watch(query, onEvent, onDone) {
      const w: OpenWatch = {
        resourceVersion: query.resourceVersion,
        allowWatchBookmarks: query.allowWatchBookmarks,
        aborted: false,
        emit: (e) => {
          if (!w.aborted) onEvent(e);
        },
        done: (err) => {
          if (w.aborted) return;
          w.aborted = true;
          onDone(err);
        },
      };
      watches.push(w);
      const handle: WatchHandle = { abort: () => w.done(null) };
      return handle;
    },
  };
  return { source, watches, listCalls: () => listCalls };
}

function informerOn(source: ListWatchSource, watchdogMs = 10_000) {
  const store = new Map<string, Obj>();
  const deleted: string[] = [];
  const informer = new Informer<Obj>({
    name: 'test objects',
    path: '/test',
    source,
    watchdogMs,
    transform: (raw) => {
      const m = (raw as { metadata: { uid: string; resourceVersion: string } }).metadata;
      return { uid: m.uid, rv: m.resourceVersion };
    },
    onUpsert: (v) => store.set(v.uid, v),
    onDelete: (p) => {
      store.delete(p.uid);
      deleted.push(p.uid);
    },
  });
  return { informer, store, deleted };
}

/** Lets the awaited list promise settle, then runs timers due now. */
async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('Informer state machine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('lists, then watches from the list version with bookmarks requested', async () => {
    const { source, watches } = scriptedSource([{ rv: '10', items: [obj('a', '5'), obj('b', '6')] }]);
    const { informer, store } = informerOn(source);
    informer.start();
    await settle();
    expect([...store.keys()].sort()).toEqual(['a', 'b']);
    expect(informer.status).toMatchObject({ state: 'ok', synced: true });
    expect(watches).toHaveLength(1);
    expect(watches[0]).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true });
    watches[0]!.emit({ type: 'ADDED', object: obj('c', '11') });
    expect(store.get('c')).toEqual({ uid: 'c', rv: '11' });
    informer.stop();
  });

  it('relists on 410 Gone and emits the deletes it missed', async () => {
    const { source, watches, listCalls } = scriptedSource([
      { rv: '10', items: [obj('a', '5'), obj('b', '6')] },
      { rv: '30', items: [obj('a', '25')] },
    ]);
    const { informer, store, deleted } = informerOn(source);
    informer.start();
    await settle();
    watches[0]!.emit({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } });
    await settle();
    expect(listCalls()).toBe(2);
    expect(informer.stats.relistsOn410).toBe(1);
    expect(watches[0]!.aborted).toBe(true);
    expect(deleted).toEqual(['b']);
    expect(store.get('a')).toEqual({ uid: 'a', rv: '25' });
    expect(watches.at(-1)!.resourceVersion).toBe('30');
    informer.stop();
  });

  it('relists when the watch itself is refused with 410', async () => {
    const { source, watches, listCalls } = scriptedSource([{ rv: '10', items: [] }]);
    const { informer } = informerOn(source);
    informer.start();
    await settle();
    watches[0]!.done(new KubeHttpError(410, 'Gone', 'gone'));
    await settle();
    expect(listCalls()).toBe(2);
    expect(informer.stats.relistsOn410).toBe(1);
    informer.stop();
  });

  it('restarts a failed watch after a backoff, from the version it had', async () => {
    const { source, watches, listCalls } = scriptedSource([{ rv: '10', items: [] }]);
    const { informer } = informerOn(source);
    informer.start();
    await settle();
    watches[0]!.emit({ type: 'MODIFIED', object: obj('a', '12') });
    watches[0]!.done(new KubeHttpError(0, 'Network', 'connection reset'));
    // First retry: equal jitter of a 500 ms ceiling with random 0.5 → 375 ms.
    await settle(374);
    expect(watches).toHaveLength(1);
    await settle(1);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe('12');
    expect(listCalls()).toBe(1);
    expect(informer.stats.errors).toBe(1);
    // The backoff grows while failures continue: 750 ms after the second.
    watches[1]!.done(new KubeHttpError(500, 'InternalError', 'boom'));
    await settle(749);
    expect(watches).toHaveLength(2);
    await settle(1);
    expect(watches).toHaveLength(3);
    informer.stop();
  });

  it('re-opens a watch that stayed silent for the watchdog period', async () => {
    const { source, watches } = scriptedSource([{ rv: '10', items: [] }]);
    const { informer } = informerOn(source, 1_000);
    informer.start();
    await settle();
    await settle(999);
    expect(watches).toHaveLength(1);
    await settle(1);
    expect(informer.stats.watchdogFires).toBe(1);
    expect(watches[0]!.aborted).toBe(true);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe('10');
    informer.stop();
  });

  it('counts bookmarks as liveness and resumes from their version', async () => {
    const { source, watches } = scriptedSource([{ rv: '10', items: [obj('a', '5')] }]);
    const { informer, store } = informerOn(source, 1_000);
    informer.start();
    await settle();
    await settle(800);
    watches[0]!.emit({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
    await settle(800);
    // 1,600 ms after opening, but only 800 ms after the bookmark: no watchdog.
    expect(informer.stats.watchdogFires).toBe(0);
    expect(watches).toHaveLength(1);
    expect(store.size).toBe(1);
    // The server's timeout closes the watch cleanly: it resumes at once from the bookmark.
    watches[0]!.done(null);
    await settle();
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe('20');
    informer.stop();
  });
});
