import type { Metadata } from 'next';
import { ExecutionsView } from '@/components/executions/executions-view';
import { listExecutions } from '@/lib/executions/service';
import { log } from '@/lib/log';
import { pageIdentity } from '@/lib/route';
import { parseUrlState, type ExecutionListResponse } from '@/lib/schemas/executions';

export const metadata: Metadata = { title: 'Executions' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The executions list. The first page is read from the cache on the server (so the page
 * arrives with rows); the client keeps it live and loads further pages.
 */
export default async function ExecutionsPage({ searchParams }: { searchParams: SearchParams }) {
  const state = parseUrlState(await searchParams);
  const identity = await pageIdentity('executions:read');
  let initialPage: ExecutionListResponse | undefined;
  try {
    initialPage = await listExecutions(identity, { ...state, limit: 100 });
  } catch (err) {
    // The client shows the error (with a retry) when it fetches the same page.
    log.warn('executions page: first page not prefetched', { err });
  }
  return <ExecutionsView state={state} initialPage={initialPage} />;
}
