'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/form';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { TimeAgo } from '@/components/ui/time';
import { useUrlState } from '@/hooks/use-url-state';
import { readinessUrlState } from '@/lib/url-state';
import { InfrastructurePanel } from './infrastructure-panel';
import { MarkdownExport } from './markdown-export';
import { useReadinessLive, useReadinessOverview } from '@/hooks/use-readiness';
import { ReadinessMatrix } from './readiness-matrix';

function BranchFilter({ branch }: { branch: string | null }) {
  const { write } = useUrlState(readinessUrlState);
  const [value, setValue] = useState(branch ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    write({ branch: value.trim() || null }, 'push');
  }
  return (
    <form onSubmit={submit} className="flex items-center gap-2" role="search" aria-label="Filter by branch">
      <label htmlFor="readiness-branch" className="text-sm text-fg-muted">
        Branch
      </label>
      <Input
        id="readiness-branch"
        name="branch"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="all branches"
        className="w-44"
      />
      <Button type="submit">Apply</Button>
    </form>
  );
}

/**
 * The readiness page's live part: the matrix with each service's gate, the Markdown
 * export and the infrastructure panel. Starts from the server-rendered data and follows
 * the live stream.
 */
export function ReadinessDashboard({ branch }: { branch: string | null }) {
  const overview = useReadinessOverview(branch);
  const data = overview.data;
  useReadinessLive(data?.live);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <BranchFilter key={branch ?? ''} branch={branch} />
        <div className="flex items-center gap-3">
          {data && (
            <span className="text-xs text-fg-muted" aria-live="polite">
              {data.services.filter((s) => s.ready).length} of {data.services.length} services ready · updated <TimeAgo value={data.generatedAt} />
            </span>
          )}
          <MarkdownExport branch={branch} />
        </div>
      </div>
      {overview.isPending ? (
        <Skeleton className="h-48 w-full" />
      ) : overview.isError ? (
        <ErrorState
          title="Test results could not be loaded"
          message={overview.error.message}
          action={<Button onClick={() => void overview.refetch()}>Try again</Button>}
        />
      ) : (
        <ReadinessMatrix overview={overview.data} />
      )}
      <InfrastructurePanel />
    </div>
  );
}
