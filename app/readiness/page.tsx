import type { Metadata } from 'next';
import { ReadinessDashboard } from '@/components/readiness/readiness-dashboard';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { ErrorState } from '@/components/ui/states';
import { isAppError } from '@/lib/errors';
import { getCachedInfrastructureSnapshot, getReadinessOverview } from '@/lib/readiness/service';
import { infrastructureQuery, readinessOverviewQuery } from '@/lib/queries/readiness';
import { pageIdentity } from '@/lib/route';
import { readinessUrlState } from '@/lib/url-state';

export const metadata: Metadata = { title: 'Readiness' };

/**
 * /readiness: services by test tiers with each service's readiness gate, the Markdown
 * export and the live infrastructure. Rendered with data on the server, then kept live.
 */
export default async function ReadinessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageIdentity('readiness:read');
  const { branch } = readinessUrlState.parse(await searchParams);

  const queryClient = serverQueryClient();
  let failure: string | undefined;
  try {
    const overview = await getReadinessOverview(branch ? { branch } : {});
    queryClient.setQueryData(readinessOverviewQuery(branch).queryKey, overview, { updatedAt: Date.parse(overview.generatedAt) });
    // The overview waited (briefly) for the infrastructure check; never wait longer here.
    const infrastructure = getCachedInfrastructureSnapshot();
    if (infrastructure) queryClient.setQueryData(infrastructureQuery().queryKey, infrastructure, { updatedAt: Date.parse(infrastructure.checkedAt) });
  } catch (err) {
    if (!isAppError(err)) throw err;
    failure = err.message;
  }

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Readiness</h1>
        <p className="text-sm text-fg-muted">
          Test results per service and tier from CI, and the installation read live from the Kubernetes API. A service is ready when the
          latest run of every tier is green on the same commit and its infrastructure is ready.
        </p>
      </div>
      {failure ? (
        <ErrorState title="Test results could not be loaded" message={failure} />
      ) : (
        <Hydrated client={queryClient}>
          <ReadinessDashboard key={branch ?? ''} branch={branch} />
        </Hydrated>
      )}
    </div>
  );
}
