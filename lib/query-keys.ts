import type { ExecutionFilter, ExecutionsUrlState } from '@/lib/schemas/executions';

/**
 * Every TanStack Query key in one factory, so a cache update (live stream, invalidation)
 * and the query that reads the data always agree on the key. Add one entry per feature:
 * `all` is the prefix to invalidate everything of that feature; functions build the keys
 * of single queries from their (serializable) inputs. Components never use these
 * directly: they import the feature's query options from lib/queries/, which pair each
 * key with its URL, fetcher and type.
 */
export const queryKeys = {
  health: {
    all: ['health'] as const,
    /** `GET /api/readyz`: connection status of the header indicator and the overview. */
    readiness: () => ['health', 'readiness'] as const,
  },
  audit: {
    all: ['audit'] as const,
    /** `GET /api/v1/audit/events`: one explorer page for a filter (a search-params string). */
    events: (filters: string) => ['audit', 'events', filters] as const,
    /** `GET /api/v1/correlations/{id}`: every event of one correlation. */
    correlation: (id: string) => ['audit', 'correlation', id] as const,
    /** `GET /api/v1/correlations/{id}/events/{eventId}`: one event in full, read on selection. */
    correlationEvent: (id: string, eventId: string) => ['audit', 'correlation-event', id, eventId] as const,
    /** `GET /api/v1/correlations/{id}/verify`: Data Storage's hash-chain check. */
    verify: (id: string) => ['audit', 'verify', id] as const,
    /** `GET /api/v1/executions/{ns}/{name}/audit`: conformance and failure drill-down. */
    execution: (namespace: string, name: string) => ['audit', 'execution', namespace, name] as const,
    /** `GET /api/v1/audit/conformance`: conformance of a set of list rows. */
    conformance: (keys: readonly string[]) => ['audit', 'conformance', ...keys] as const,
  },
  executions: {
    all: ['executions'] as const,
    /** Infinite list for one URL state (filter + sort). */
    list: (state: ExecutionsUrlState) => ['executions', 'list', state] as const,
    /** Outcomes-over-time chart for one filter. */
    outcomes: (filter: ExecutionFilter) => ['executions', 'outcomes', filter] as const,
    /** The command palette's search: executions whose name contains `name`. */
    search: (name: string) => ['executions', 'search', name] as const,
    /** Detail of one execution. */
    detail: (namespace: string, name: string) => ['executions', 'detail', namespace, name] as const,
  },
  overview: {
    all: ['overview'] as const,
    /** `GET /api/v1/overview`: the execution tiles of `/`. */
    executions: () => ['overview', 'executions'] as const,
    /** `GET /api/v1/overview/audit`: executions whose audit trail has issues. */
    audit: () => ['overview', 'audit'] as const,
  },
  readiness: {
    all: ['readiness'] as const,
    /** Every query of one kind (say every branch's overview), to invalidate them together. */
    kind: (kind: 'overview' | 'infrastructure' | 'run' | 'history' | 'markdown') => ['readiness', kind] as const,
    /** `GET /api/v1/readiness`: the matrix and gates, optionally for one branch. */
    overview: (branch: string | null) => ['readiness', 'overview', branch] as const,
    /** `GET /api/v1/readiness/infrastructure`: the live infrastructure snapshot (also pushed on the stream). */
    infrastructure: () => ['readiness', 'infrastructure'] as const,
    /** `GET /api/v1/readiness/runs/{id}`: one run with grouped failures and flaky tests. */
    run: (id: string) => ['readiness', 'run', id] as const,
    /** `GET /api/v1/readiness/history`: the charts of one service and tier. */
    history: (service: string, tier: string, limit: number) => ['readiness', 'history', service, tier, limit] as const,
    /** `GET /api/v1/readiness/export`: the Markdown status table. */
    markdown: (branch: string | null) => ['readiness', 'markdown', branch] as const,
  },
} as const;
