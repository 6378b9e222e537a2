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
import { apiFetch, fetchJson } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { LiveEvent, LivePosition } from '@/lib/schemas/live';
import {
  INFRA_LIVE_EVENT,
  RUN_LIVE_EVENT,
  type InfrastructureSnapshot,
  type ReadinessOverview,
  type RunDetail,
  type RunHistory,
} from '@/lib/schemas/readiness';

function withBranch(path: string, branch: string | null): string {
  return branch ? `${path}?${new URLSearchParams({ branch }).toString()}` : path;
}

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
        queryClient.setQueryData(queryKeys.readiness.infrastructure(), event.data);
        // The gates depend on the infrastructure: recompute them on the server.
        void queryClient.invalidateQueries({ queryKey: ['readiness', 'overview'] });
        void queryClient.invalidateQueries({ queryKey: ['readiness', 'markdown'] });
      } else if (event.type === 'reset') {
        void queryClient.invalidateQueries({ queryKey: queryKeys.readiness.infrastructure() });
      }
    },
    [queryClient],
  );
  const onRun = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'message' || event.type === 'reset') {
        for (const part of ['overview', 'history', 'markdown', 'run'] as const) {
          void queryClient.invalidateQueries({ queryKey: ['readiness', part] });
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

export function useReadinessOverview(branch: string | null, initialData?: ReadinessOverview) {
  const refetchInterval = usePollWhileOffline();
  return useQuery({
    queryKey: queryKeys.readiness.overview(branch),
    queryFn: ({ signal }) => fetchJson<ReadinessOverview>(withBranch('/api/v1/readiness', branch), signal),
    ...(initialData ? { initialData, initialDataUpdatedAt: Date.parse(initialData.generatedAt) } : {}),
    refetchInterval,
  });
}

export function useInfrastructure(initialData?: InfrastructureSnapshot) {
  const refetchInterval = usePollWhileOffline();
  return useQuery({
    queryKey: queryKeys.readiness.infrastructure(),
    queryFn: ({ signal }) => fetchJson<InfrastructureSnapshot>('/api/v1/readiness/infrastructure', signal),
    ...(initialData ? { initialData, initialDataUpdatedAt: Date.parse(initialData.checkedAt) } : {}),
    refetchInterval,
  });
}

export function useRunDetail(id: string, initialData?: RunDetail) {
  return useQuery({
    queryKey: queryKeys.readiness.run(id),
    queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/v1/readiness/runs/${encodeURIComponent(id)}`, signal),
    ...(initialData ? { initialData } : {}),
  });
}

export function useRunHistory(service: string, tier: string, limit: number, initialData?: RunHistory) {
  return useQuery({
    queryKey: queryKeys.readiness.history(service, tier, limit),
    queryFn: ({ signal }) =>
      fetchJson<RunHistory>(`/api/v1/readiness/history?${new URLSearchParams({ service, tier, limit: String(limit) }).toString()}`, signal),
    ...(initialData ? { initialData } : {}),
    placeholderData: (previous) => previous,
  });
}

/** The Markdown export, fetched only when asked for. */
export function useMarkdownExport(branch: string | null, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.readiness.markdown(branch),
    queryFn: async ({ signal }) => (await apiFetch(withBranch('/api/v1/readiness/export', branch), signal, 'text/markdown')).text(),
    enabled,
  });
}
