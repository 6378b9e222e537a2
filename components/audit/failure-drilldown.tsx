'use client';

/**
 * Failure drill-down: one click puts the WorkflowExecution's status.failureDetails beside
 * the payload of its workflowexecution.workflow.failed event, field by field, and flags
 * every disagreement (including a missing or duplicated event).
 */
import Link from 'next/link';
import { useId, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { errorMessage } from '@/lib/api-client';
import { formatPrecise } from './format';
import { JsonTree } from './json-tree';
import { useExecutionAudit } from '@/hooks/use-audit';

function Value({ value }: { value: string | null }) {
  return value === null ? <span className="text-fg-muted italic">absent</span> : <span className="break-words">{value}</span>;
}

export function FailureDrilldown({ namespace, name, defaultOpen = false }: { namespace: string; name: string; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const regionId = useId();
  const q = useExecutionAudit(namespace, name, open);
  const f = q.data?.failure;
  const correlationId = q.data?.execution.correlationId;

  return (
    <div className="space-y-2">
      <Button size="sm" variant={open ? 'secondary' : 'primary'} aria-expanded={open} aria-controls={regionId} onClick={() => setOpen((o) => !o)} data-testid="failure-drilldown-toggle">
        {open ? 'Hide failure drill-down' : 'Drill into failure'}
      </Button>
      {open && (
        <section id={regionId} aria-label="Failure drill-down" data-testid="failure-drilldown" className="rounded-lg border border-line bg-surface">
          {q.isPending ? (
            <Skeleton className="m-3 h-32" />
          ) : q.isError ? (
            <ErrorState className="m-3" title="The audit side of this failure could not be loaded" message={errorMessage(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Try again</Button>} />
          ) : !f ? (
            <p className="px-4 py-3 text-sm text-fg-muted">This execution has not failed (phase {q.data?.execution.phase}).</p>
          ) : (
            <div className="space-y-3 px-4 py-3">
              {f.disagreements.length > 0 ? (
                <div role="alert" data-testid="failure-disagreements" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-xs text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100">
                  <p className="font-semibold">The CRD and the audit trail disagree</p>
                  <ul className="mt-1 list-disc pl-4">
                    {f.disagreements.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                </div>
              ) : (
                <p data-testid="failure-agreement" className="text-xs text-emerald-800 dark:text-emerald-300">
                  The CRD&apos;s failure details and the workflow.failed event agree on every field.
                </p>
              )}
              <table className="w-full table-fixed text-left text-xs">
                <caption className="sr-only">CRD failure details beside the audit payload</caption>
                <thead className="text-fg-muted">
                  <tr>
                    <th scope="col" className="w-40 py-1 pr-2 font-medium">Field</th>
                    <th scope="col" className="py-1 pr-2 font-medium">CRD (status.failureDetails)</th>
                    <th scope="col" className="py-1 pr-2 font-medium">Audit (workflow.failed)</th>
                    <th scope="col" className="w-20 py-1 font-medium">Match</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {f.rows.map((r) => (
                    <tr key={r.field} data-testid={`failure-row-${r.field}`} data-agree={String(r.agree)} className={r.agree === false ? 'bg-red-50 dark:bg-red-950/40' : undefined}>
                      <th scope="row" className="py-1 pr-2 align-top font-medium">
                        {r.label}
                        <span className="block font-mono font-normal text-fg-muted">{r.field}</span>
                      </th>
                      <td className="py-1 pr-2 align-top">
                        <Value value={r.crd} />
                      </td>
                      <td className="py-1 pr-2 align-top">
                        <Value value={r.audit} />
                      </td>
                      <td className="py-1 align-top">
                        {r.agree === null ? <Badge tone="neutral">n/a</Badge> : r.agree ? <Badge tone="success">match</Badge> : <Badge tone="danger">differs</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {f.crd && (
                <dl className="grid grid-cols-[minmax(9rem,auto)_1fr] gap-x-3 gap-y-1 text-xs">
                  <dt className="text-fg-muted">Failed step</dt>
                  <dd>{f.crd.failedStepName ?? '—'}</dd>
                  <dt className="text-fg-muted">Exit code</dt>
                  <dd>{f.crd.exitCode ?? '—'}</dd>
                  <dt className="text-fg-muted">Failed at</dt>
                  <dd>{f.crd.failedAt ? formatPrecise(f.crd.failedAt) : '—'}</dd>
                  <dt className="text-fg-muted">Ran before failing</dt>
                  <dd>{f.crd.wasExecutionFailure === null ? '—' : f.crd.wasExecutionFailure ? 'yes (non-idempotent actions may have run)' : 'no (failed before execution)'}</dd>
                  <dt className="text-fg-muted">Summary</dt>
                  <dd>{f.crd.naturalLanguageSummary ?? '—'}</dd>
                </dl>
              )}
              {f.event && (
                <details className="text-xs">
                  <summary className="cursor-pointer text-fg-muted">Full workflow.failed payload ({formatPrecise(f.event.timestamp)})</summary>
                  <div className="mt-2">
                    <JsonTree value={f.event.data} label="workflow.failed payload" />
                  </div>
                </details>
              )}
              {correlationId && (
                <Link
                  data-testid="failure-open-timeline"
                  href={`/correlations/${encodeURIComponent(correlationId)}${f.event ? `?event=${encodeURIComponent(f.event.id)}` : ''}`}
                  className="inline-block text-xs font-medium text-accent hover:underline"
                >
                  Open the correlation timeline{f.event ? ' at this event' : ''} →
                </Link>
              )}
            </div>
          )}
        </section>
      )}
    </div>
  );
}
