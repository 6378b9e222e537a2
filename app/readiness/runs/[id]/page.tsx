import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { RunDetailView } from '@/components/readiness/run-detail';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { isAppError } from '@/lib/errors';
import { getRunDetail, getRunHistory } from '@/lib/readiness/service';
import { runDetailQuery, runHistoryQuery } from '@/lib/queries/readiness';
import { pageIdentity } from '@/lib/route';
import { runIdParamSchema } from '@/lib/schemas/readiness';
import { runUrlState } from '@/lib/url-state';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id} · Readiness` };
}

/** /readiness/runs/{id}: one test run with grouped failures, flaky tests and history. */
export default async function RunPage({ params, searchParams }: Props) {
  await pageIdentity('readiness:read');
  const parsedId = runIdParamSchema.safeParse(await params);
  if (!parsedId.success) notFound();
  const id = parsedId.data.id;
  const state = runUrlState.parse(await searchParams);

  const queryClient = serverQueryClient();
  try {
    const detail = await getRunDetail(id);
    queryClient.setQueryData(runDetailQuery(id).queryKey, detail);
    const { service, tier } = detail.run;
    queryClient.setQueryData(runHistoryQuery(service, tier, state.history).queryKey, await getRunHistory({ service, tier, limit: state.history }));
  } catch (err) {
    if (isAppError(err) && err.kind === 'not_found') notFound();
    if (!isAppError(err)) throw err;
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">Run {id}</h1>
        <ErrorState title="This run could not be loaded" message={err.message} />
      </div>
    );
  }

  return (
    <Hydrated client={queryClient}>
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <RunDetailView id={id} />
      </Suspense>
    </Hydrated>
  );
}
