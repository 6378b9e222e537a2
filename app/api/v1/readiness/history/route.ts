/**
 * GET /api/v1/readiness/history?service=&tier=&limit=: pass rate and duration of the last
 * runs of one service and tier, oldest first, for the history charts.
 */
import { getRunHistory } from '@/lib/readiness/service';
import { handle, json, parseQuery } from '@/lib/route';
import { historyQuerySchema } from '@/lib/schemas/readiness';

export const GET = handle('readiness:read', async (request) => json(await getRunHistory(parseQuery(historyQuerySchema, request.url))));
