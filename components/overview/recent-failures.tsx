'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { TimeAgo } from '@/components/ui/time';
import type { RecentFailure } from '@/lib/schemas/overview';
import { executionHref } from './tile';

/** The newest failed executions: reason, failed task, target, each linking to its execution. */
export function RecentFailuresList({ failures }: { failures: readonly RecentFailure[] }) {
  return (
    <ol className="divide-y divide-line" data-testid="recent-failures-list">
      {failures.map((f) => (
        <li key={f.uid} className="py-2 first:pt-0 last:pb-0" data-testid="recent-failure" data-name={f.name}>
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <Link href={executionHref(f.namespace, f.name)} className="min-w-0 truncate text-sm font-medium text-accent hover:underline">
              {f.namespace}/{f.name}
            </Link>
            <TimeAgo value={f.at} className="text-xs text-fg-muted" />
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-fg-muted">
            <Badge tone="danger" data-testid="failure-reason">
              {f.reason ?? 'No reason recorded'}
            </Badge>
            {f.failedTask && (
              <span>
                task <span className="font-mono text-fg" data-testid="failed-task">{f.failedTask}</span>
              </span>
            )}
            <span>
              workflow <span className="text-fg">{f.workflowId}</span>
            </span>
            {f.targetResource && (
              <span className="truncate">
                on <span className="font-mono text-fg">{f.targetResource}</span>
              </span>
            )}
          </div>
          {f.message && <p className="mt-1 line-clamp-2 text-xs text-fg-muted">{f.message}</p>}
        </li>
      ))}
    </ol>
  );
}
