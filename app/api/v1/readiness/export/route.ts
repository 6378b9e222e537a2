/**
 * GET /api/v1/readiness/export: the status table as Markdown (text/markdown), to paste
 * into a handoff document. Same `branch` filter as /api/v1/readiness.
 */
import { getReadinessMarkdown } from '@/lib/readiness/service';
import { handle, parseQuery } from '@/lib/route';
import { overviewQuerySchema } from '@/lib/schemas/readiness';

export const GET = handle('readiness:read', async (request) => {
  const q = parseQuery(overviewQuerySchema, request.url);
  const markdown = await getReadinessMarkdown(q.branch ? { branch: q.branch } : {});
  return new Response(markdown, {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'cache-control': 'no-store',
      'content-disposition': 'inline; filename="readiness.md"',
    },
  });
});
