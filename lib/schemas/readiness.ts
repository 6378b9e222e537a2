/**
 * Test readiness: the ingest parameters, URL state and the view types (DTOs) shared by
 * the route handlers, the server pages and the client components. No server-only code.
 */
import { z } from 'zod';
import type { LivePosition } from './live';

// ---------------------------------------------------------------------------
// Names

/** Services and tiers are lower-case slugs so they are safe in URLs, SQL and Markdown. */
const SLUG = /^[a-z0-9]([a-z0-9._-]{0,62})$/;

export const serviceName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG, 'must be 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit');

export const tierName = serviceName;

/** The tiers Kubernaut tests in, in the order the matrix shows them; other names follow alphabetically. */
export const KNOWN_TIERS = ['build', 'unit', 'integration', 'e2e'] as const;
export type KnownTier = (typeof KNOWN_TIERS)[number];

const TIER_LABELS: Record<KnownTier, string> = {
  build: 'Build',
  unit: 'Unit',
  integration: 'Integration',
  e2e: 'E2E',
};

function isKnownTier(tier: string): tier is KnownTier {
  return (KNOWN_TIERS as readonly string[]).includes(tier);
}

/** Display label of a tier: known tiers have fixed labels, others are shown capitalised. */
export function tierLabel(tier: string): string {
  return isKnownTier(tier) ? TIER_LABELS[tier] : tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Orders tiers as build, unit, integration, e2e, then any other tier alphabetically. */
export function compareTiers(a: string, b: string): number {
  const ia = isKnownTier(a) ? KNOWN_TIERS.indexOf(a) : KNOWN_TIERS.length;
  const ib = isKnownTier(b) ? KNOWN_TIERS.indexOf(b) : KNOWN_TIERS.length;
  return ia - ib || a.localeCompare(b);
}

// ---------------------------------------------------------------------------
// Ingest

const optionalText = (max: number, pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(pattern, message)
    .optional()
    .or(z.literal('').transform(() => undefined));

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 time such as 2026-01-31T12:00:00Z' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export const REPORT_FORMATS = ['junit', 'ginkgo-json', 'go-test-json'] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];

/** Query parameters of POST /api/v1/readiness/reports (metadata travels in the URL so `curl --data-binary @file` works). */
export const ingestQuerySchema = z.object({
  service: serviceName,
  tier: tierName,
  commit: optionalText(64, /^[A-Za-z0-9._-]+$/, 'must be a commit id (letters, digits, ".", "_", "-")'),
  branch: optionalText(255, /^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
  /** Re-sending the same runId (for the same service, tier and arch) replaces that run. */
  runId: optionalText(128, /^[A-Za-z0-9._:/#@+-]+$/, 'must be 1-128 characters of letters, digits and ._:/#@+-'),
  arch: optionalText(16, /^[a-z0-9_]+$/, 'must be an architecture name such as amd64 or arm64').transform((a) => a?.toLowerCase()),
  startedAt: isoTime,
  finishedAt: isoTime,
  /** Overrides Content-Type and sniffing when a tool sends a generic type. */
  format: z.enum(REPORT_FORMATS).optional(),
});
export type IngestQuery = z.infer<typeof ingestQuerySchema>;

/** Answer of a successful ingest. */
export interface IngestResult {
  id: string;
  service: string;
  tier: string;
  runId: string;
  arch: string;
  commit: string;
  format: ReportFormatName;
  /** True when an earlier upload with the same run id was replaced. */
  replaced: boolean;
  totals: RunCounts;
  url: string;
}

// ---------------------------------------------------------------------------
// Runs

export interface RunCounts {
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  durationMs: number;
}

/** green: everything that ran passed; red: a failure or error; empty: nothing ran. */
export const RUN_STATUSES = ['green', 'red', 'empty'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunSummary extends RunCounts {
  /** Flightdeck's id of the run (stable across re-uploads of the same runId). */
  id: string;
  service: string;
  tier: string;
  runId: string;
  arch: string;
  commit: string;
  branch: string | null;
  format: string;
  tool: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The time the run is ordered by: startedAt, else the report's own start, else finishedAt, else upload time. */
  runAt: string;
  receivedAt: string;
  status: RunStatus;
}

/** Tests that ran (skipped and pending ones did not). */
export function executedCount(c: Pick<RunCounts, 'tests' | 'skipped'>): number {
  return Math.max(0, c.tests - c.skipped);
}

export function runStatusOf(c: Pick<RunCounts, 'tests' | 'failed' | 'errored' | 'skipped'>): RunStatus {
  if (c.failed + c.errored > 0) return 'red';
  return executedCount(c) === 0 ? 'empty' : 'green';
}

/** "249/249": passed over tests that ran. */
export function passRatio(c: Pick<RunCounts, 'tests' | 'passed' | 'skipped'>): string {
  return `${c.passed}/${executedCount(c)}`;
}

/** Pass rate in [0, 1] over tests that ran, or null when nothing ran. */
export function passRate(c: Pick<RunCounts, 'tests' | 'passed' | 'skipped'>): number | null {
  const ran = executedCount(c);
  return ran === 0 ? null : c.passed / ran;
}

export function shortCommit(commit: string): string {
  return /^[0-9a-f]{12,}$/i.test(commit) ? commit.slice(0, 7) : commit;
}

// ---------------------------------------------------------------------------
// Matrix

export interface TrendPoint {
  id: string;
  runAt: string;
  passRate: number | null;
  status: RunStatus;
}

export interface ArchBadge {
  arch: string;
  status: RunStatus;
  /** The latest run of this architecture on the cell's commit. */
  id: string;
  /** "9/12" of that run. */
  ratio: string;
  /** Failed plus errored tests of that run. */
  failing: number;
}

export interface TierCell {
  tier: string;
  latest: RunSummary;
  /** Oldest first, at most TREND_POINTS runs. */
  trend: TrendPoint[];
  arches: ArchBadge[];
}

export const TREND_POINTS = 20;

export const BLOCKING_KINDS = ['tier', 'commit', 'infrastructure'] as const;
export type BlockingKind = (typeof BLOCKING_KINDS)[number];

export interface BlockingItem {
  kind: BlockingKind;
  tier?: string;
  message: string;
}

export interface ServiceReadiness {
  service: string;
  /** Keyed by tier name; tiers without runs are absent. */
  cells: Record<string, TierCell>;
  /** The commit of the service's newest run. */
  commit: string | null;
  ready: boolean;
  blocking: BlockingItem[];
  /** Deployments counted as this service's infrastructure (see infrastructureFor). */
  deployments: string[];
}

export interface InfrastructureSummary {
  ready: boolean;
  checkedAt: string | null;
  reasons: InfraReason[];
}

export interface ReadinessOverview {
  generatedAt: string;
  /** The live-stream position this data includes; subscribe from here to miss nothing. */
  live?: LivePosition;
  branch: string | null;
  tiers: string[];
  services: ServiceReadiness[];
  infrastructure: InfrastructureSummary;
}

export const overviewQuerySchema = z.object({
  branch: optionalText(255, /^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

// ---------------------------------------------------------------------------
// Run page

export const CASE_STATUSES = ['passed', 'failed', 'error', 'skipped'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface FailedCase {
  suite: string;
  className: string | null;
  name: string;
  status: CaseStatus;
  durationMs: number;
  message: string | null;
  failureType: string | null;
  file: string | null;
  line: number | null;
  /** The tail of the captured output, at most OUTPUT_EXCERPT_CHARS. */
  output: string | null;
}

export const OUTPUT_EXCERPT_CHARS = 4000;

export interface FailureGroup {
  /** Stable key of the group (a short hash of the signature), usable in URLs. */
  key: string;
  signature: string;
  /** The message of the first case, as written by the tool. */
  message: string;
  count: number;
  /** At most GROUP_CASES_LIMIT cases. */
  cases: FailedCase[];
}

export const GROUP_CASES_LIMIT = 50;

export interface FlakyTest {
  suite: string;
  className: string | null;
  name: string;
  passedRuns: number;
  failedRuns: number;
}

export interface RunDetail {
  /** The live-stream position this data includes. */
  live?: LivePosition;
  run: RunSummary;
  failureGroups: FailureGroup[];
  /** Number of failed and errored cases (groups may be truncated). */
  failureCount: number;
  /** Tests of this service and tier that both failed and passed on this run's commit. */
  flaky: FlakyTest[];
  /** Other runs of the same service and tier on the same commit (for example other architectures). */
  siblings: RunSummary[];
}

export const runIdParamSchema = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a run id') });

export const HISTORY_LIMITS = [20, 50, 100] as const;

export const historyQuerySchema = z.object({
  service: serviceName,
  tier: tierName,
  limit: z.coerce
    .number()
    .int()
    .refine((n) => (HISTORY_LIMITS as readonly number[]).includes(n), `must be one of ${HISTORY_LIMITS.join(', ')}`)
    .default(50),
  branch: optionalText(255, /^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export interface HistoryPoint extends RunCounts {
  id: string;
  runId: string;
  commit: string;
  arch: string;
  runAt: string;
  passRate: number | null;
  status: RunStatus;
}

export interface RunHistory {
  service: string;
  tier: string;
  /** Oldest first. */
  points: HistoryPoint[];
}

/** URL state of the run page: the expanded failure group and the history window. */
export const runPageStateSchema = z.object({
  group: z
    .string()
    .regex(/^[0-9a-f]{1,16}$/)
    .optional()
    .catch(undefined),
  history: z.coerce
    .number()
    .int()
    .refine((n) => (HISTORY_LIMITS as readonly number[]).includes(n))
    .catch(50)
    .default(50),
});
export type RunPageState = z.infer<typeof runPageStateSchema>;

export const runsQuerySchema = z.object({
  service: serviceName.optional(),
  tier: tierName.optional(),
  commit: optionalText(64, /^[A-Za-z0-9._-]+$/, 'must be a commit id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset cursor: the `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'must be the nextCursor of a previous page')
    .optional(),
});
export type RunsQuery = z.infer<typeof runsQuerySchema>;

export interface RunsPage {
  runs: RunSummary[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------
// Infrastructure

export const REQUIRED_CRDS = [
  { name: 'workflowexecutions.kubernaut.ai', label: 'WorkflowExecution' },
  { name: 'remediationrequests.kubernaut.ai', label: 'RemediationRequest' },
  { name: 'pipelineruns.tekton.dev', label: 'Tekton PipelineRun' },
] as const;

export interface WarningEvent {
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
}

export interface DeploymentInfra {
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  ready: boolean;
  /** Why it is not ready. */
  reason: string | null;
  warnings: WarningEvent[];
}

export interface PodInfra {
  namespace: string;
  name: string;
  phase: string;
  /** Ready condition as the API reports it: True, False or Unknown (absent). */
  readyCondition: 'True' | 'False' | 'Unknown';
  readyReason: string | null;
  ready: boolean;
  restarts: number;
  /** The Deployment this pod belongs to, when its labels match one. */
  deployment: string | null;
  /** Pods of Jobs and Tekton TaskRuns are executions, not infrastructure: shown but not counted. */
  counted: boolean;
  warnings: WarningEvent[];
}

export interface CrdInfra {
  name: string;
  label: string;
  installed: boolean;
  established: boolean;
  reason: string | null;
}

export const INFRA_SCOPES = ['kubernetes', 'deployment', 'pod', 'crd', 'datastorage'] as const;
export type InfraScope = (typeof INFRA_SCOPES)[number];

/** One red item of the gate. */
export interface InfraReason {
  scope: InfraScope;
  /** For example `pod kubernaut-system/authwebhook-7d9f-abcde`. */
  item: string;
  message: string;
  /** Deployment (namespace/name) the item belongs to, if any: used to tie it to a service. */
  deployment?: string;
}

export interface NamespaceInfra {
  name: string;
  deployments: DeploymentInfra[];
  pods: PodInfra[];
}

export interface InfrastructureSnapshot {
  checkedAt: string;
  ready: boolean;
  reasons: InfraReason[];
  namespaces: NamespaceInfra[];
  crds: CrdInfra[];
  dataStorage: { ready: boolean; message: string | null };
}

/** Name of the live-stream event carrying an InfrastructureSnapshot. */
export const INFRA_LIVE_EVENT = 'readiness.infrastructure';
/** Name of the live-stream event telling clients a report was ingested. */
export const RUN_LIVE_EVENT = 'readiness.run';
/** What the `readiness.run` event carries. */
export type RunStoredEvent = Pick<IngestResult, 'id' | 'service' | 'tier' | 'runId' | 'replaced'>;
