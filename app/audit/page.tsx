import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditExplorer } from '@/components/audit/audit-explorer';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { Skeleton } from '@/components/ui/states';
import { searchAuditEvents } from '@/lib/audit/service';
import { log } from '@/lib/log';
import { pageIdentity } from '@/lib/route';
import { dataStorageUrl } from '@/lib/setup';
import { auditEventsQuery } from '@/lib/queries/audit';
import { auditFiltersToSearchParams } from '@/lib/schemas/audit';
import { auditUrlState } from '@/lib/url-state';

export const metadata: Metadata = { title: 'Audit' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * How long rendering waits for the first page. Data Storage usually answers in tens of
 * milliseconds; when it is slower the page renders at once and the client fetches the
 * page itself, showing its loading state, rather than holding the navigation.
 */
const PREFETCH_BUDGET_MS = 400;

/**
 * /audit: Kubernaut's audit trail from Data Storage, filtered and paged on the server.
 * The first page is read while rendering, so rows are in the first HTML; the client takes
 * over from there (filters, paging, selection). No loading boundary sits above this page
 * (see app/executions/loading.tsx for routes that have one): a streamed boundary is
 * revealed on React's throttle, which would hold the rows back by up to 300 ms.
 */
export default async function AuditPageRoute({ searchParams }: { searchParams: SearchParams }) {
  const state = auditUrlState.parse(await searchParams);
  const identity = await pageIdentity('audit:read');
  const queryClient = serverQueryClient();
  try {
    const page = await searchAuditEvents(identity, state.filters, AbortSignal.timeout(PREFETCH_BUDGET_MS));
    queryClient.setQueryData(auditEventsQuery(auditFiltersToSearchParams(state.filters).toString()).queryKey, page);
  } catch (err) {
    // The client asks again and shows the error (a 503 problem, say) in place of the table.
    log.warn('audit page: first page not prefetched', { err });
  }
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-lg font-semibold">Audit events</h1>
        <p className="text-sm text-fg-muted">Kubernaut&apos;s audit trail from Data Storage. Filters live in the URL; copy the link to share the view.</p>
      </div>
      <Hydrated client={queryClient}>
        <Suspense fallback={<Skeleton className="h-40 w-full" />}>
          <AuditExplorer dataStorage={dataStorageUrl()} />
        </Suspense>
      </Hydrated>
    </div>
  );
}
