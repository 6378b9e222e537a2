/**
 * GET /api/v1/audit/events: one page of audit events from Data Storage, newest first.
 * Filters mirror Data Storage's (category, type, outcome, severity, correlationId,
 * since/until, detailKey/detailValue) and are validated here: a bad one is a 400 naming it.
 */
import { searchAuditEvents } from '@/lib/audit/service';
import { handle, json, parseQuery } from '@/lib/route';
import { auditFiltersSchema } from '@/lib/schemas/audit';

export const GET = handle('audit:read', async (request, { identity }) => {
  const filters = parseQuery(auditFiltersSchema, request.url);
  return json(await searchAuditEvents(identity, filters, request.signal));
});
