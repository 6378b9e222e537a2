'use client';

/**
 * Audit conformance of one execution: each lifecycle event its phase implies, whether it
 * is there exactly once, its write lag behind the CRD transition, required payload
 * fields and empty phases. "Missing" only after the grace period: audit writes are
 * asynchronous.
 */
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { formatDuration } from '@/lib/executions/duration';
import { errorMessage } from '@/lib/api-client';
import { ConformanceBadge } from './conformance-badge';
import { EXPECTATION_LABEL, EXPECTATION_TONE } from './tones';
import { useExecutionAudit } from '@/hooks/use-audit';

export function ConformancePanel({ namespace, name }: { namespace: string; name: string }) {
  const q = useExecutionAudit(namespace, name);
  const data = q.data;
  const c = data?.conformance;
  return (
    <Card aria-labelledby="conformance-heading" data-testid="conformance-panel">
      <CardHeader
        title={<span id="conformance-heading">Audit trail</span>}
        description={c ? `Lifecycle events expected in phase ${c.phase}; "missing" only ${formatDuration(c.graceMs)} after the CRD transition.` : 'Lifecycle events Kubernaut should have written for this execution.'}
        actions={c ? <ConformanceBadge status={c.status} problems={c.problems} /> : undefined}
      />
      <CardBody className="space-y-3">
        {q.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : q.isError ? (
          <ErrorState title="The audit trail could not be checked" message={errorMessage(q.error)} action={<Button size="sm" onClick={() => q.refetch()}>Try again</Button>} />
        ) : c && data ? (
          <>
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Expected lifecycle events</caption>
              <thead className="text-fg-muted">
                <tr>
                  <th scope="col" className="py-1 pr-2 font-medium">Event</th>
                  <th scope="col" className="py-1 pr-2 font-medium">State</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Count</th>
                  <th scope="col" className="py-1 font-medium">Write lag</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {c.expectations.map((x) => (
                  <tr key={x.type} data-testid={`expectation-${x.type}`} data-state={x.state}>
                    <td className="py-1 pr-2 font-mono">
                      {x.type.replace('workflowexecution.', '')}
                      {!x.required && x.state !== 'not-expected' && x.state !== 'unexpected' && <span className="ml-1 text-fg-muted">(optional)</span>}
                    </td>
                    <td className="py-1 pr-2">
                      <Badge tone={EXPECTATION_TONE[x.state] ?? 'neutral'}>{x.state === 'duplicate' ? `Duplicated ×${x.count}` : EXPECTATION_LABEL[x.state] ?? x.state}</Badge>
                    </td>
                    <td className="py-1 pr-2">{x.count}</td>
                    <td className="py-1" title={x.reference.at ? `after ${x.reference.label} at ${x.reference.at}` : undefined}>
                      {x.lagMs === null ? '—' : `${formatDuration(Math.abs(x.lagMs))} ${x.lagMs < 0 ? 'before' : 'after'} ${x.reference.label}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {c.fieldIssues.length > 0 && (
              <div>
                <p className="text-xs font-medium">Payload problems</p>
                <ul className="list-disc pl-5 text-xs text-red-800 dark:text-red-300">
                  {c.fieldIssues.map((f) => (
                    <li key={f.eventId}>
                      <span className="font-mono">{f.type.replace('workflowexecution.', '')}</span>
                      {f.missing.length > 0 && ` lacks ${f.missing.join(', ')}`}
                      {f.emptyPhase && ' has an empty phase'}
                      {f.phaseMismatch && ` carries phase ${f.phaseMismatch.actual} (expected ${f.phaseMismatch.expected})`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {c.status === 'ok' && <p className="text-xs text-fg-muted">Every expected event is present exactly once with its required fields.</p>}
            {data.execution.correlationId && (
              <Link href={`/correlations/${encodeURIComponent(data.execution.correlationId)}`} className="inline-block text-xs text-accent hover:underline">
                Open the correlation timeline
              </Link>
            )}
          </>
        ) : null}
      </CardBody>
    </Card>
  );
}
