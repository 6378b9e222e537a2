'use client';

/**
 * Queries of the overview page. The execution tiles follow the tab's live stream: every
 * execution change (a new failure, a phase change) schedules one refetch of the
 * server-side aggregate, coalesced so a burst of changes costs one request.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { auditIssuesQuery, executionsOverviewQuery } from '@/lib/queries/overview';
import { useLiveSubscription } from './use-live-stream';

/** Delay between the first change of a burst and the refetch it causes. */
export const OVERVIEW_REFRESH_DELAY_MS = 500;

const ALL_EXECUTIONS = { topic: 'executions', filter: {} } as const;

export function useExecutionsOverview() {
  const queryClient = useQueryClient();
  const query = useQuery(executionsOverviewQuery());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveSubscription(ALL_EXECUTIONS, undefined, (event) => {
    if (event.type !== 'upsert' && event.type !== 'delete' && event.type !== 'reset') return;
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: executionsOverviewQuery().queryKey });
    }, OVERVIEW_REFRESH_DELAY_MS);
  });
  return query;
}

export function useAuditIssues() {
  return useQuery(auditIssuesQuery());
}
