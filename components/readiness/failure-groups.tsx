'use client';

import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/states';
import { Duration } from '@/components/ui/time';
import type { FailedCase, FailureGroup } from '@/lib/schemas/readiness';
import { caseTone } from './status';

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

function CaseItem({ c }: { c: FailedCase }) {
  return (
    <li className="space-y-1 border-t border-line py-2 first:border-t-0" data-testid="failed-case">
      <div className="flex flex-wrap items-baseline gap-2">
        <Badge tone={caseTone(c.status)}>{c.status}</Badge>
        <span className="font-medium break-words">{c.name}</span>
        <span className="text-xs text-fg-muted">
          <Duration ms={c.durationMs} />
        </span>
      </div>
      <div className="flex flex-wrap gap-x-3 text-xs text-fg-muted">
        <span>
          {c.suite}
          {c.className && c.className !== c.suite ? ` · ${c.className}` : ''}
        </span>
        {c.file && (
          <code className="break-all" data-testid="case-location">
            {c.file}
            {c.line ? `:${c.line}` : ''}
          </code>
        )}
        {c.failureType && <span>{c.failureType}</span>}
      </div>
      {c.output && (
        <details>
          <summary className="cursor-pointer text-xs text-fg-muted">Output (last {c.output.length} characters)</summary>
          <pre className="mt-1 max-h-72 overflow-auto rounded bg-canvas p-2 text-xs whitespace-pre-wrap" tabIndex={0}>
            {c.output}
          </pre>
        </details>
      )}
    </li>
  );
}

/**
 * Failing tests grouped by failure signature (the message with numbers, ids and times
 * normalised): one group per distinct cause, largest first. The expanded group is in the
 * URL (`group`), so a link opens the same view.
 */
export function FailureGroups({
  groups,
  failureCount,
  openKey,
  onToggle,
}: {
  groups: FailureGroup[];
  failureCount: number;
  openKey: string | undefined;
  onToggle: (key: string | undefined) => void;
}) {
  // A lone group opens by itself until the user toggles something.
  const [autoOpen, setAutoOpen] = useState(true);
  if (failureCount === 0) {
    return <EmptyState title="No failing tests in this run" description="Every test that ran passed." />;
  }
  const shownCases = groups.reduce((n, g) => n + g.count, 0);
  return (
    <div className="space-y-2">
      {shownCases < failureCount && (
        <p className="text-xs text-fg-muted">
          Showing the {groups.length} largest groups ({shownCases} of {failureCount} failures).
        </p>
      )}
      <ol className="space-y-2" data-testid="failure-groups">
        {groups.map((g) => {
          const open = openKey === g.key || (autoOpen && openKey === undefined && groups.length === 1);
          const panel = `group-${g.key}`;
          return (
            <li key={g.key} className={cn('rounded-lg border bg-surface', open ? 'border-line-strong' : 'border-line')} data-testid="failure-group" data-count={g.count}>
              <button
                type="button"
                aria-expanded={open}
                aria-controls={panel}
                onClick={() => {
                  setAutoOpen(false);
                  onToggle(open ? undefined : g.key);
                }}
                className="flex w-full items-start gap-3 px-3 py-2 text-left"
              >
                <Badge tone="danger" className="mt-0.5 tabular-nums">
                  {g.count} {g.count === 1 ? 'test' : 'tests'}
                </Badge>
                <span className="min-w-0 flex-1">
                  <span className="block font-mono text-xs break-words text-fg" data-testid="group-message">
                    {firstLine(g.message)}
                  </span>
                  <span className="block text-xs text-fg-muted">signature: {g.signature}</span>
                </span>
                <span aria-hidden="true" className="text-fg-muted">
                  {open ? '▾' : '▸'}
                </span>
              </button>
              {open && (
                <div id={panel} className="space-y-2 border-t border-line px-3 py-2">
                  <pre className="max-h-60 overflow-auto rounded bg-canvas p-2 text-xs whitespace-pre-wrap" tabIndex={0} aria-label="Failure message">
                    {g.message}
                  </pre>
                  <ul>
                    {g.cases.map((c, i) => (
                      <CaseItem key={i} c={c} />
                    ))}
                  </ul>
                  {g.cases.length < g.count && <p className="text-xs text-fg-muted">and {g.count - g.cases.length} more with the same signature.</p>}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
