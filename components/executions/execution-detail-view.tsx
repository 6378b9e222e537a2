'use client';

import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { executionDurationMs, formatDuration } from '@/lib/executions/duration';
import { formatTimestamp, formatVersion } from '@/components/ui/format';
import { ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { TimeAgo } from '@/components/ui/time';
import { useNow } from '@/hooks/use-now';
import { useExecutionDetail } from '@/hooks/use-executions';
import type { LiveDetail } from '@/lib/executions/live-reducer';
import { executionTimelineItems, type TimelineItem } from '@/lib/executions/timeline';
import { FailurePanel } from './failure-panel';
import { PhaseBadge } from './phase-badge';
import { Timeline } from './timeline';
import { WorkloadPanel } from './workload-panel';

const CONDITION_TONE = { True: 'success', False: 'danger', Unknown: 'neutral' } as const;

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="truncate text-sm" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Ticking duration of the execution (status.duration, else end − start, else now − start). */
function ExecutionDuration({ detail }: { detail: LiveDetail }) {
  const now = useNow(1_000);
  // Before the client clock exists (server render, hydration) a running duration is unknown.
  const ms = now === null && detail.summary.phase === 'Running' ? undefined : executionDurationMs(detail.summary, now ?? 0);
  return <span data-testid="detail-duration">{formatDuration(ms)}</span>;
}

/**
 * One execution: header, failure panel, block clearance, deduplication, conditions, the
 * PipelineRun or Job, the live timeline and the redacted YAML. Everything follows the
 * live stream. `extraTimelineItems` lets other features (audit) add lanes; `children`
 * renders below the failure panel.
 */
export function ExecutionDetailView({
  namespace,
  name,
  extraTimelineItems,
  children,
}: {
  namespace: string;
  name: string;
  extraTimelineItems?: TimelineItem[];
  children?: ReactNode;
}) {
  const query = useExecutionDetail(namespace, name);
  const d = query.data;
  const items = useMemo(() => (d ? [...executionTimelineItems(d), ...(extraTimelineItems ?? [])] : []), [d, extraTimelineItems]);

  if (query.isPending) {
    return (
      <LoadingState label="Loading execution…">
        <Skeleton className="h-8 w-96 max-w-full" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-48 w-full" />
      </LoadingState>
    );
  }
  if (query.isError || !d) {
    const status = (query.error as { status?: number } | null)?.status;
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">
          {namespace}/{name}
        </h1>
        <ErrorState
          title={status === 404 ? 'This execution does not exist' : 'This execution could not be loaded'}
          message={query.error?.message}
          action={
            status === 404 ? (
              <Link href="/executions" className="text-sm underline">
                Back to executions
              </Link>
            ) : (
              <Button onClick={() => void query.refetch()}>Try again</Button>
            )
          }
        />
      </div>
    );
  }

  const s = d.summary;
  const rr = d.remediation;
  const failed = s.phase === 'Failed';

  return (
    <div className="space-y-4" data-testid="execution-detail">
      <nav aria-label="Breadcrumb" className="text-sm text-fg-muted">
        <Link href="/executions" className="hover:underline">
          Executions
        </Link>{' '}
        / <span className="font-mono">{namespace}</span>
      </nav>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold break-all">{name}</h1>
          <PhaseBadge phase={s.phase} rawPhase={s.rawPhase} invalid={Boolean(s.invalid)} />
          {d.deleted && (
            <Badge tone="warning" data-testid="deleted-badge">
              Deleted from the cluster
            </Badge>
          )}
        </div>
        {s.invalid && (
          <ErrorState title="This object does not match the WorkflowExecution schema Flightdeck knows" message={s.invalid.reason} />
        )}
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3 lg:grid-cols-6">
          <Field label="Duration">
            <ExecutionDuration detail={d} />
          </Field>
          <Field label="Workflow" testId="detail-workflow">
            {d.spec.workflowRef.workflowName ?? d.spec.workflowRef.workflowId}
            {d.spec.workflowRef.version ? <span className="text-fg-muted"> {formatVersion(d.spec.workflowRef.version)}</span> : null}
          </Field>
          <Field label="Target" testId="detail-target">
            <span className="font-mono text-xs" title={d.spec.targetResource}>
              {d.spec.targetResource}
            </span>
          </Field>
          <Field label="Remediation">
            {rr ? (
              <Link href={`/correlations/${encodeURIComponent(rr.name)}`} className="text-accent hover:underline" data-testid="remediation-link">
                {rr.name}
              </Link>
            ) : (
              '—'
            )}
            {rr?.overallPhase && <span className="ml-1 text-xs text-fg-muted">({rr.overallPhase})</span>}
          </Field>
          <Field label="Signal">
            {rr?.signalName ?? '—'}
            {rr?.severity && <span className="ml-1 text-xs text-fg-muted">({rr.severity})</span>}
          </Field>
          <Field label="Created">
            <TimeAgo value={s.createdAt} />
          </Field>
        </dl>
      </header>

      {failed && d.failureDetails && <FailurePanel failure={d.failureDetails} {...(d.workload?.failedTask ? { failedTask: d.workload.failedTask } : {})} {...(d.workload?.failedStep ? { failedStep: d.workload.failedStep } : {})} />}
      {failed && !d.failureDetails && (
        <ErrorState title="Failed" message={d.status.failureReason ?? 'The controller recorded no failure details.'} />
      )}
      {children}

      {d.deduplicatedBy && (
        <p className="rounded-lg border border-line bg-surface px-4 py-2 text-sm" data-testid="deduplicated-by">
          Deduplicated by{' '}
          <Link href={`/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(d.deduplicatedBy)}`} className="font-medium text-accent hover:underline">
            {d.deduplicatedBy}
          </Link>
          , which already owns the execution resource; this execution did not run.
        </p>
      )}

      {d.blockClearance && (
        <Card data-testid="block-clearance">
          <CardHeader title="Block clearance" description="A previous execution failure blocked this target; someone cleared the block." as="h2" />
          <CardBody>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4">
              <Field label="Cleared by">{d.blockClearance.clearedBy}</Field>
              <Field label="When">{d.blockClearance.clearedAt ? formatTimestamp(d.blockClearance.clearedAt) : '—'}</Field>
              <Field label="Method">{d.blockClearance.clearMethod}</Field>
              <Field label="Reason">
                <span className="whitespace-normal">{d.blockClearance.clearReason || '—'}</span>
              </Field>
            </dl>
          </CardBody>
        </Card>
      )}

      <Card>
        <CardHeader title="Timeline" description="Phases, condition transitions and tasks on one time axis" as="h2" />
        <CardBody>
          <Timeline items={items} />
        </CardBody>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title={d.workload ? `${d.workload.kind} progress` : 'Execution resource'} as="h2" />
          <CardBody>
            {d.workload ? <WorkloadPanel workload={d.workload} /> : <p className="text-sm text-fg-muted">No PipelineRun or Job has been created yet.</p>}
            {d.status.executionStatus && (
              <p className="mt-2 text-xs text-fg-muted">
                Controller: {d.status.executionStatus.status}
                {d.status.executionStatus.reason ? ` · ${d.status.executionStatus.reason}` : ''}
                {d.status.executionStatus.message ? ` · ${d.status.executionStatus.message}` : ''}
                {d.status.executionStatus.retryCount !== undefined ? ` · retries ${d.status.executionStatus.retryCount}` : ''}
              </p>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Conditions" as="h2" />
          <CardBody className="p-0">
            {d.conditions.length === 0 ? (
              <p className="px-4 py-3 text-sm text-fg-muted">No conditions reported yet.</p>
            ) : (
              <table className="w-full text-left text-sm" data-testid="conditions">
                <thead className="bg-surface-2 text-xs text-fg-muted">
                  <tr>
                    <th scope="col" className="px-3 py-1.5 font-medium">Type</th>
                    <th scope="col" className="px-3 py-1.5 font-medium">Status</th>
                    <th scope="col" className="px-3 py-1.5 font-medium">Reason</th>
                    <th scope="col" className="px-3 py-1.5 font-medium">Changed</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {d.conditions.map((c) => (
                    <tr key={c.type} title={c.message}>
                      <td className="px-3 py-1.5">{c.type}</td>
                      <td className="px-3 py-1.5">
                        <Badge tone={(CONDITION_TONE as Record<string, 'success' | 'danger' | 'neutral'>)[c.status] ?? 'neutral'}>{c.status}</Badge>
                      </td>
                      <td className="px-3 py-1.5">
                        {c.reason ?? '—'}
                        {c.message && <span className="block text-xs text-fg-muted">{c.message}</span>}
                      </td>
                      <td className="px-3 py-1.5 whitespace-nowrap text-fg-muted">{c.lastTransitionTime ? <TimeAgo value={c.lastTransitionTime} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </CardBody>
        </Card>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Parameters" description="Values of secret-looking keys are redacted" as="h2" />
          <CardBody className="p-0">
            {Object.keys(d.spec.parameters).length === 0 ? (
              <p className="px-4 py-3 text-sm text-fg-muted">No parameters.</p>
            ) : (
              <table className="w-full text-left text-sm" data-testid="parameters">
                <tbody className="divide-y divide-line">
                  {Object.entries(d.spec.parameters).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row" className="px-3 py-1.5 font-mono text-xs font-medium">
                        {k}
                      </th>
                      <td className="px-3 py-1.5 font-mono text-xs break-all">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Selection" as="h2" />
          <CardBody>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-2">
              <Field label="Confidence">{d.spec.confidence !== undefined ? `${Math.round(d.spec.confidence * 100)}%` : '—'}</Field>
              <Field label="Bundle">
                <span className="font-mono text-xs" title={d.spec.workflowRef.executionBundle}>
                  {d.spec.workflowRef.executionBundle ?? '—'}
                </span>
              </Field>
              <Field label="Engine">{d.status.executionEngine ?? '—'}</Field>
              <Field label="Timeout">{d.spec.timeout ?? '—'}</Field>
            </dl>
            {d.spec.rationale && <p className="mt-3 text-sm whitespace-pre-wrap">{d.spec.rationale}</p>}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title="YAML" description="managedFields removed; secret-looking parameters redacted" as="h2" actions={<CopyButton value={d.yaml} label="Copy YAML" />} />
        <CardBody>
          <details>
            <summary className="cursor-pointer text-sm text-fg-muted">Show the object</summary>
            <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-surface-2 p-3 font-mono text-xs" data-testid="yaml" tabIndex={0}>
              {d.yaml}
            </pre>
          </details>
        </CardBody>
      </Card>
    </div>
  );
}
