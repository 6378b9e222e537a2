'use client';

/**
 * Queries of the executions pages, kept live: the list (infinite, cursor-paged), the
 * outcomes chart and one execution's detail. Live events are applied to the query cache
 * through the pure reducers in lib/executions/live-reducer.ts.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyDetailEvent, applyListEvents, type LiveDetail } from '@/lib/executions/live-reducer';
import { executionDetailQuery, executionOutcomesQuery, executionsListQuery } from '@/lib/queries/executions';
import type { ExecutionFilter, ExecutionsUrlState } from '@/lib/schemas/executions';
import type { LiveEvent } from '@/lib/schemas/live';
import { useLiveSubscription } from './use-live-stream';

function filterOf(state: ExecutionsUrlState): ExecutionFilter {
  const { sort: _sort, order: _order, ...filter } = state;
  return filter;
}

/** Rows that changed recently (uid → time), for a brief highlight. */
export type ChangedRows = ReadonlyMap<string, number>;

/**
 * The executions list for a URL state, with live updates applied in place. Returns the
 * query and the uids changed by live events in the last moments.
 */
export function useExecutionsList(state: ExecutionsUrlState) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(executionsListQuery(state));

  const [changed, setChanged] = useState<Map<string, number>>(() => new Map());
  const pending = useRef<LiveEvent[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });

  const flush = useCallback(() => {
    flushTimer.current = undefined;
    const events = pending.current;
    pending.current = [];
    if (!events.length) return;
    const s = stateRef.current;
    const { queryKey } = executionsListQuery(s);
    if (events.some((e) => e.type === 'reset')) {
      void queryClient.invalidateQueries({ queryKey });
      return;
    }
    queryClient.setQueryData(queryKey, (data) =>
      data ? { ...data, pages: applyListEvents(data, events, { sort: s.sort, order: s.order, ...(s.phase ? { phases: s.phase } : {}), now: Date.now() }).pages } : data,
    );
    const now = Date.now();
    setChanged((prev) => {
      const next = new Map<string, number>();
      for (const [uid, at] of prev) if (now - at < 2000) next.set(uid, at);
      for (const e of events) if (e.type === 'upsert') next.set(e.item.uid, now);
      return next;
    });
  }, [queryClient]);

  useEffect(() => () => clearTimeout(flushTimer.current), []);

  // Drop highlights once they are old, so a row does not stay marked until the next event.
  useEffect(() => {
    if (changed.size === 0) return;
    const timer = setTimeout(() => {
      const now = Date.now();
      setChanged((prev) => {
        const next = new Map([...prev].filter(([, at]) => now - at < 2000));
        return next.size === prev.size ? prev : next;
      });
    }, 2100);
    return () => clearTimeout(timer);
  }, [changed]);

  const first = query.data?.pages[0];
  const filter = useMemo(() => filterOf(state), [state]);
  useLiveSubscription(
    { topic: 'executions', filter },
    first ? { epoch: first.epoch, seq: first.seq } : undefined,
    (event) => {
      pending.current.push(event);
      // Batch bursts (a controller patching many objects) into one cache write per 100 ms.
      flushTimer.current ??= setTimeout(flush, 100);
    },
  );

  return { query, changed: changed as ChangedRows };
}

/** Outcomes over time for a filter; refreshed (at most every 5 s) while live events arrive. */
export function useExecutionOutcomes(filter: ExecutionFilter) {
  const queryClient = useQueryClient();
  const options = executionOutcomesQuery(filter);
  const key = options.queryKey;
  const query = useQuery(options);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const keyRef = useRef(key);
  useEffect(() => {
    keyRef.current = key;
  });
  useLiveSubscription({ topic: 'executions', filter }, undefined, (event) => {
    if (event.type !== 'upsert' && event.type !== 'delete' && event.type !== 'reset') return;
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: keyRef.current });
    }, 5_000);
  });
  return query;
}

/** One execution's detail, updated live (phase at once, the rest by a quick refetch). */
export function useExecutionDetail(namespace: string, name: string) {
  const queryClient = useQueryClient();
  const options = executionDetailQuery(namespace, name);
  const key = options.queryKey;
  const query = useQuery(options);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const data = query.data;
  useLiveSubscription({ topic: 'execution', namespace, name }, data ? { epoch: data.epoch, seq: data.seq } : undefined, (event) => {
    let refetch = false;
    queryClient.setQueryData(key, (current: LiveDetail | undefined) => {
      if (!current) return current;
      const out = applyDetailEvent(current, event);
      refetch = out.refetch;
      return out.detail;
    });
    if (refetch) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: key }), 150);
    }
  });
  return query;
}
