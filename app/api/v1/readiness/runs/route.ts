/**
 * GET /api/v1/readiness/runs: stored runs, newest first, filtered by service, tier and
 * commit, paged with `limit` and the `cursor` returned as `nextCursor`.
 */
import { getRuns } from '@/lib/readiness/service';
import { handle, json, parseQuery } from '@/lib/route';
import { runsQuerySchema } from '@/lib/schemas/readiness';

export const GET = handle('readiness:read', async (request) => json(await getRuns(parseQuery(runsQuerySchema, request.url))));
