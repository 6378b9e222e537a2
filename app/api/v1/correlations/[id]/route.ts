/**
 * GET /api/v1/correlations/{id}: every audit event of one correlation, oldest first, up to
 * a cap (`{events, total, truncated, cap}`), with the WorkflowExecutions and the
 * RemediationRequest of that correlation from Kubernetes. 404 when nothing carries the id.
 * `?event=<id>` adds that event in full as `selected` (a shared link's selected event).
 * Unchanged correlations are served from a validated cache (lib/audit/correlation-cache).
 * A Server-Timing header says whether the events came from that cache or Data Storage.
 */
import { correlationJson } from '@/lib/audit/service';
import { handle, parseQuery, parseWith } from '@/lib/route';
import { correlationIdSchema, correlationQuerySchema } from '@/lib/schemas/audit';
import { z } from 'zod';

const paramsSchema = z.object({ id: correlationIdSchema });

export const GET = handle<{ id: string }>('audit:read', async (request, { identity, params }) => {
  const { id } = parseWith(paramsSchema, params);
  const { event } = parseQuery(correlationQuerySchema, request.url);
  const { body, timing } = await correlationJson(identity, id, { signal: request.signal, event });
  return new Response(body, {
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      // Shown in the browser's network panel: where the events came from and what took the time.
      'server-timing': `events;desc="${timing.source}";dur=${timing.eventsMs.toFixed(1)}, kubernetes;dur=${timing.kubernetesMs.toFixed(1)}`,
    },
  });
});
