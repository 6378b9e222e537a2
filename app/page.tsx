import type { Metadata } from 'next';
import { OverviewView } from '@/components/overview/overview-view';
import { Hydrated, serverQueryClient } from '@/components/shell/hydrate';
import { executionsOverview } from '@/lib/executions/service';
import { log } from '@/lib/log';
import { executionsOverviewQuery } from '@/lib/queries/overview';
import { readinessOverviewQuery } from '@/lib/queries/readiness';
import { getReadinessOverview } from '@/lib/readiness/service';
import { pageIdentity } from '@/lib/route';

export const metadata: Metadata = { title: 'Overview' };

/**
 * How long the page waits for the readiness gates before sending what it has (the tile
 * then loads in the browser): the first paint must not wait for a slow database.
 */
const READINESS_WAIT_MS = 250;

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/`: what is wrong now. The execution numbers are read from the server's cache (so the
 * first paint has them) and kept live in the browser; the audit tile, which reads Data
 * Storage, loads in the browser.
 */
export default async function OverviewPage() {
  const identity = await pageIdentity('executions:read');
  const queryClient = serverQueryClient();
  const readiness = within(
    getReadinessOverview().catch((err: unknown) => {
      log.warn('overview page: readiness not prefetched', { err });
      return undefined;
    }),
    READINESS_WAIT_MS,
  );
  try {
    queryClient.setQueryData(executionsOverviewQuery().queryKey, await executionsOverview(identity));
  } catch (err) {
    // The client shows the error (with the tile's state) when it fetches the same data.
    log.warn('overview page: execution numbers not prefetched', { err });
  }
  const gates = await readiness;
  if (gates) queryClient.setQueryData(readinessOverviewQuery(null).queryKey, gates, { updatedAt: Date.parse(gates.generatedAt) });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Overview</h1>
        <p className="text-sm text-fg-muted">What Kubernaut is remediating now, what failed and why, and whether Flightdeck can see it all.</p>
      </div>
      <Hydrated client={queryClient}>
        <OverviewView />
      </Hydrated>
    </div>
  );
}
