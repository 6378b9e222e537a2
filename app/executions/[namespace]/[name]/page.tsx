import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ExecutionWithAudit } from '@/components/audit/execution-audit';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { isAppError } from '@/lib/errors';
import { getExecution } from '@/lib/executions/service';
import { log } from '@/lib/log';
import { pageIdentity } from '@/lib/route';
import { executionDetailQuery } from '@/lib/queries/executions';
import { executionParamsSchema } from '@/lib/schemas/executions';

type Params = Promise<{ namespace: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: `${name} · Executions` };
}

/** One execution. Read on the server for the first paint; kept live by the client. */
export default async function ExecutionPage({ params }: { params: Params }) {
  const parsed = executionParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { namespace, name } = parsed.data;
  const identity = await pageIdentity('executions:read');
  const queryClient = serverQueryClient();
  try {
    queryClient.setQueryData(executionDetailQuery(namespace, name).queryKey, await getExecution(identity, namespace, name));
  } catch (err) {
    if (isAppError(err) && err.status === 404) notFound();
    log.warn('execution page: detail not prefetched', { err });
  }
  // The audit feature wraps the detail view: audit events on its timeline, failure drill-down, conformance.
  return (
    <Hydrated client={queryClient}>
      <ExecutionWithAudit namespace={namespace} name={name} />
    </Hydrated>
  );
}
