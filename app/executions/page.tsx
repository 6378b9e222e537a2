import type { Metadata } from 'next';
import { ExecutionsView } from '@/components/executions/executions-view';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { listExecutions } from '@/lib/executions/service';
import { log } from '@/lib/log';
import { pageIdentity } from '@/lib/route';
import { watchSetup } from '@/lib/setup';
import { executionsListQuery, PAGE_SIZE } from '@/lib/queries/executions';
import { executionsUrlState } from '@/lib/url-state';

export const metadata: Metadata = { title: 'Executions' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The executions list. The first page is read from the cache on the server (so the page
 * arrives with rows); the client keeps it live and loads further pages.
 */
export default async function ExecutionsPage({ searchParams }: { searchParams: SearchParams }) {
  const state = executionsUrlState.parse(await searchParams);
  const identity = await pageIdentity('executions:read');
  const queryClient = serverQueryClient();
  try {
    const first = await listExecutions(identity, { ...state, limit: PAGE_SIZE });
    queryClient.setQueryData(executionsListQuery(state).queryKey, { pages: [first], pageParams: [null] });
  } catch (err) {
    // The client shows the error (with a retry) when it fetches the same page.
    log.warn('executions page: first page not prefetched', { err });
  }
  return (
    <Hydrated client={queryClient}>
      <ExecutionsView setup={watchSetup(identity)} />
    </Hydrated>
  );
}
