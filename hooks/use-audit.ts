'use client';

import { useQuery } from '@tanstack/react-query';
import { executionAuditQuery, rowConformanceQuery } from '@/lib/queries/audit';

/** The audit side of one execution; `enabled: false` waits (a closed drill-down). */
export function useExecutionAudit(namespace: string, name: string, enabled = true) {
  return useQuery({ ...executionAuditQuery(namespace, name), enabled });
}

/** One executions-list row's audit conformance (batched with the other rows on screen); `enabled: false` waits. */
export function useRowConformance(namespace: string, name: string, phase: string, enabled = true) {
  return useQuery({ ...rowConformanceQuery(namespace, name, phase), enabled });
}
