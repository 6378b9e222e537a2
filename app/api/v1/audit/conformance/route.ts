/**
 * GET /api/v1/audit/conformance?execution=ns/name&execution=...: audit conformance of
 * up to 200 executions (the executions list's column). Data Storage being down answers
 * 200 with every row `unknown` and the reason, so the list keeps working.
 */
import { conformanceOfExecutions } from '@/lib/audit/service';
import { handle, json, parseQuery } from '@/lib/route';
import { conformanceQuerySchema } from '@/lib/schemas/audit';

export const GET = handle('audit:read', async (request, { identity }) => {
  const { execution } = parseQuery(conformanceQuerySchema.strict(), request.url);
  return json(await conformanceOfExecutions(identity, execution));
});
