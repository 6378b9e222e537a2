/**
 * The overview page (`/`): what an operator asks first, aggregated on the server from the
 * executions cache (lib/executions/overview.ts) and the audit conformance index. DTOs
 * shared by the route handlers, the server page and the browser.
 */
import type { ConformanceSummary } from './conformance';
import type { ExecutionFilter } from './executions';

/** The window "failed in the last 24 hours" and its comparison window before it. */
export const OVERVIEW_WINDOW_MS = 24 * 3600_000;
/** Rows in "recent failures". */
export const RECENT_FAILURES = 8;
/** Rows in "top failure reasons" and "workflows that fail most". */
export const TOP_ENTRIES = 6;
/** Rows in "blocked targets". */
export const BLOCKED_TARGETS = 8;

/** Executions that finished in one window, by outcome. */
export interface WindowOutcome {
  /** Window start and end (ISO); `end` is exclusive. */
  from: string;
  to: string;
  completed: number;
  failed: number;
  /** completed / (completed + failed), null when nothing finished. */
  successRate: number | null;
}

export interface RecentFailure {
  uid: string;
  namespace: string;
  name: string;
  workflowId: string;
  targetResource: string;
  /** `failureDetails.reason` (or `status.failureReason`); absent when the controller wrote none. */
  reason?: string;
  failedTask?: string;
  message?: string;
  /** When it finished (completionTime or failedAt), else its creation. */
  at: string;
}

export interface CountEntry {
  key: string;
  count: number;
}

/** One hour of the last 24: executions that finished in it. */
export interface HourBucket {
  start: string;
  completed: number;
  failed: number;
}

export interface BlockedTarget {
  targetResource: string;
  /** The execution whose failure blocks it (the newest such one on that target). */
  namespace: string;
  name: string;
  reason?: string;
  failedTask?: string;
  at: string;
}

export interface ExecutionsOverview {
  generatedAt: string;
  running: number;
  pending: number;
  /** Executions the caller may see, in every phase. */
  total: number;
  last24h: WindowOutcome;
  previous24h: WindowOutcome;
  recentFailures: RecentFailure[];
  /** Failures of the last 24 hours by reason, most first. */
  topReasons: CountEntry[];
  /** Failures of the last 24 hours by workflow, most first. */
  topWorkflows: CountEntry[];
  /** The last 24 hours, oldest first. */
  hourly: HourBucket[];
  blockedTargets: BlockedTarget[];
  /** Distinct targets blocked (the list above is cut at BLOCKED_TARGETS). */
  blockedCount: number;
  /** True until the first list of every watched namespace finished. */
  syncing: boolean;
}

/** An execution whose audit trail does not match its lifecycle. */
export interface AuditIssue extends Pick<ConformanceSummary, 'problems' | 'duplicates' | 'missing'> {
  namespace: string;
  name: string;
  phase: string;
}

export interface AuditIssuesOverview {
  generatedAt: string;
  /** Executions checked (the newest of the window, failed and running first; capped). */
  checked: number;
  /** Executions in the window that were not checked because of the cap. */
  skipped: number;
  /** Results by status. */
  counts: Record<ConformanceSummary['status'], number>;
  issues: AuditIssue[];
  /** Set when Data Storage could not be read (every row is then unknown). */
  unavailable?: string;
}

/** Key of failures without a reason in `topReasons` (the list's `reason` filter cannot select it). */
export const NO_REASON_KEY = '(none)';

/** Links of the tiles: the executions list filtered as the tile counts (absolute times). */
export function overviewLinks(generatedAt: string): {
  running: ExecutionFilter;
  failed24h: ExecutionFilter;
  finished24h: ExecutionFilter;
  blocked: ExecutionFilter;
  auditIssues: ExecutionFilter;
  since: string;
} {
  const since = new Date(Date.parse(generatedAt) - OVERVIEW_WINDOW_MS).toISOString();
  return {
    running: { phase: ['Running'] },
    failed24h: { phase: ['Failed'], finishedAfter: since },
    finished24h: { phase: ['Completed', 'Failed'], finishedAfter: since },
    blocked: { phase: ['Failed'], blocked: true },
    auditIssues: { audit: ['issues'], createdAfter: since },
    since,
  };
}
