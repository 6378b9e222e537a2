/**
 * Opens the live stream of one request: parses its subscriptions, makes sure the
 * executions cache runs (it is the main publisher), and answers with the SSE response.
 */
import 'server-only';
import type { RequestIdentity } from '../identity';
import { executionCache } from '../executions/cache';
import { createLiveStream, SSE_HEADERS } from './sse';
import { parseSubscriptions, resolveSubscription } from './subscriptions';

/** The SSE response for one tab; listeners are released when `request.signal` aborts. */
export async function liveStream(_identity: RequestIdentity, request: Request): Promise<Response> {
  const subscriptions = parseSubscriptions(request.url).map(resolveSubscription);
  const cache = executionCache();
  const since = new URL(request.url).searchParams.get('since');
  const stream = createLiveStream({
    bus: cache.bus,
    subscriptions,
    resumeFrom: request.headers.get('last-event-id') ?? since,
    signal: request.signal,
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
