/**
 * GET /api/v1/correlations/{id}/events/{eventId}?at=<RFC 3339>: one event of a correlation
 * in full (decoded payload, hash-chain fields, legal hold), read from Data Storage when the
 * timeline selects it. `at` is the event's timestamp from the correlation's list. 404 when
 * the correlation has no such event at that time.
 */
import { getCorrelationEvent } from '@/lib/audit/service';
import { handle, json, parseQuery, parseWith } from '@/lib/route';
import { correlationEventParamsSchema, correlationEventQuerySchema } from '@/lib/schemas/audit';

export const GET = handle<{ id: string; eventId: string }>('audit:read', async (request, { identity, params }) => {
  const { id, eventId } = parseWith(correlationEventParamsSchema, params);
  const { at } = parseQuery(correlationEventQuerySchema, request.url);
  const event = await getCorrelationEvent(identity, id, eventId, at, request.signal);
  return json(event, { headers: { 'cache-control': 'no-store' } });
});
