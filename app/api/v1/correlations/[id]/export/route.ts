/**
 * GET /api/v1/correlations/{id}/export?format=json|csv: the correlation's events (up to
 * the cap, oldest first, Data Storage field names) as a download.
 */
import { exportCorrelation } from '@/lib/audit/service';
import { handle, parseQuery, parseWith } from '@/lib/route';
import { correlationIdSchema, exportFormatSchema } from '@/lib/schemas/audit';
import { z } from 'zod';

const paramsSchema = z.object({ id: correlationIdSchema });

export const GET = handle<{ id: string }>('audit:read', async (request, { identity, params }) => {
  const { id } = parseWith(paramsSchema, params);
  const { format } = parseQuery(exportFormatSchema.strict(), request.url);
  const file = await exportCorrelation(identity, id, format, request.signal);
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    },
  });
});
