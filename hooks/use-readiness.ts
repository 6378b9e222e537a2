'use client';

/**
 * TanStack Query hooks of the readiness pages. The live stream keeps them current:
 * `readiness.infrastructure` carries each changed snapshot (written straight into the
 * cache), `readiness.run` says a report was stored (matrix, history and export refetch).
 * Polling remains as a slow fallback while the stream is not open.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLiveStatus, useLiveSubscription } from '@/hooks/use-live-stream';
import { infrastructureQuery, markdownExportQuery, readinessOverviewQuery, runDetailQuery, runHistoryQuery } from '@/lib/queries/readiness';
import { queryKeys } from '@/lib/query-keys';
import type { LiveEvent, LivePosition } from '@/lib/schemas/live';
import { INFRA_LIVE_EVENT, RUN_LIVE_EVENT, type InfrastructureSnapshot } from '@/lib/schemas/readiness';

/** Fallback polling interval while the live stream is not connected. */
const FALLBACK_POLL_MS = 15_000;

function isSnapshot(data: unknown): data is InfrastructureSnapshot {
  return typeof data === 'object' && data !== null && typeof (data as { checkedAt?: unknown }).checkedAt === 'string' && Array.isArray((data as { reasons?: unknown }).reasons);
}

/**
 * Subscribes the page to both readiness topics and applies their events to the cache.
 * Mount once per page, with the live position of the data the page shows.
 */
export function useReadinessLive(since: LivePosition | undefined): void {
  const queryClient = useQueryClient();
  const onInfra = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'message' && isSnapshot(event.data)) {
        queryClient.setQueryData(infrastructureQuery().queryKey, event.data);
        // The gates depend on the infrastructure: recompute them on the server.
        void queryClient.invalidateQueries({ queryKey: queryKeys.readiness.kind('overview') });
        void queryClient.invalidateQueries({ queryKey: queryKeys.readiness.kind('markdown') });
      } else if (event.type === 'reset') {
        void queryClient.invalidateQueries({ queryKey: infrastructureQuery().queryKey });
      }
    },
    [queryClient],
  );
  const onRun = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'message' || event.type === 'reset') {
        for (const part of ['overview', 'history', 'markdown', 'run'] as const) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.readiness.kind(part) });
        }
      }
    },
    [queryClient],
  );
  // From the position the page's data was read at: the stream replays what came after.
  useLiveSubscription({ topic: INFRA_LIVE_EVENT }, since, onInfra);
  useLiveSubscription({ topic: RUN_LIVE_EVENT }, since, onRun);
}

function usePollWhileOffline(): number | false {
  return useLiveStatus() === 'open' ? false : FALLBACK_POLL_MS;
}

export function useReadinessOverview(branch: string | null) {
  return useQuery({ ...readinessOverviewQuery(branch), refetchInterval: usePollWhileOffline() });
}

export function useInfrastructure() {
  return useQuery({ ...infrastructureQuery(), refetchInterval: usePollWhileOffline() });
}

export function useRunDetail(id: string) {
  return useQuery(runDetailQuery(id));
}

export function useRunHistory(service: string, tier: string, limit: number) {
  return useQuery(runHistoryQuery(service, tier, limit));
}

/** The Markdown export, fetched only when asked for. */
export function useMarkdownExport(branch: string | null, enabled: boolean) {
  return useQuery({ ...markdownExportQuery(branch), enabled });
}
