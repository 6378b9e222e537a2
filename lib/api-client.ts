/**
 * The browser's client of Flightdeck's own API, shared by every feature: a problem
 * document becomes an ApiError with its status, code and safe detail; a network failure
 * becomes status 0. Plain fetch, so it also runs in tests and server components.
 */

/** An API answer that is not 2xx (status 0: the server could not be reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** GET `url` of this app, accepting `accept`; a non-2xx answer throws ApiError. */
export async function apiFetch(url: string, signal?: AbortSignal, accept = 'application/json'): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store', signal, headers: { accept } });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'The Flightdeck server could not be reached.');
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => undefined)) as { detail?: string; code?: string } | undefined;
    throw new ApiError(res.status, problem?.detail ?? `Flightdeck answered HTTP ${res.status}.`, problem?.code);
  }
  return res;
}

/** GET a JSON endpoint of this app. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return (await (await apiFetch(url, signal)).json()) as T;
}

/** The message to show for any error a query raised. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
