/**
 * Browser queries of the shell: the connection status of Flightdeck's upstreams
 * (`GET /api/readyz`), shown by the header indicator and the overview.
 */
import { queryOptions } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import { readinessReportSchema, type ReadinessReport } from '@/lib/schemas/health';

/** /api/readyz could not be read: the Flightdeck server (or the way to it) is down. */
export class ServerUnreachableError extends Error {
  constructor(readonly status?: number) {
    super(status ? `Flightdeck answered HTTP ${status} without a readiness report.` : 'The Flightdeck server could not be reached.');
    this.name = 'ServerUnreachableError';
  }
}

/**
 * Fetches the readiness report. A 503 with a report is an answer (a required upstream is
 * down), not a failure; anything else without a valid report means the server itself is
 * unreachable (a proxy's 502/503 page, a network error).
 */
export async function fetchReadiness(signal?: AbortSignal): Promise<ReadinessReport> {
  let res: Response;
  try {
    res = await fetch('/api/readyz', { cache: 'no-store', signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ServerUnreachableError();
  }
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = readinessReportSchema.safeParse(body);
  if ((res.status === 200 || res.status === 503) && parsed.success) return parsed.data;
  throw new ServerUnreachableError(res.status);
}

/** Connection status of Flightdeck's upstreams, polled every 10 s and on window focus. */
export function connectionQuery() {
  return queryOptions({
    queryKey: queryKeys.health.readiness(),
    queryFn: ({ signal }) => fetchReadiness(signal),
    refetchInterval: 10_000,
    refetchOnWindowFocus: 'always',
    staleTime: 5_000,
    // One quick retry so a single dropped poll does not flash "unreachable".
    retry: 1,
    retryDelay: 1_000,
  });
}
