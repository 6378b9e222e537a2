import { QueryClient } from '@tanstack/react-query';

/**
 * Whether a failed query should be tried again. Client errors (4xx) are answers, not
 * accidents: retrying a 400, 403 or 404 only delays the message the user needs. Timeouts
 * (408) and rate limits (429) may pass on a later try, as may 5xx and network errors.
 * Any error with a numeric `status` (or `response.status`) is recognised.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) return false;
  return true;
}

function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const direct = (error as { status?: unknown }).status;
  if (typeof direct === 'number') return direct;
  const nested = (error as { response?: { status?: unknown } }).response?.status;
  return typeof nested === 'number' ? nested : undefined;
}

/** The app's query client: one per browser session (created once in the provider). */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Lists are kept fresh by the live stream; refetching on every mount would only add load.
        staleTime: 15_000,
        gcTime: 5 * 60_000,
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 8_000),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
