/**
 * GET /api/v1/correlations/{id}/verify: Data Storage's hash-chain verification of the
 * correlation, from its signed export (a read) or verify-chain: `valid`, `invalid` with
 * the tampered events, or `unavailable` with the reason.
 */
import { verifyCorrelation } from '@/lib/audit/service';
import { handle, json, parseWith } from '@/lib/route';
import { correlationIdSchema } from '@/lib/schemas/audit';
import { z } from 'zod';

const paramsSchema = z.object({ id: correlationIdSchema });

export const GET = handle<{ id: string }>('audit:read', async (request, { identity, params }) => {
  const { id } = parseWith(paramsSchema, params);
  return json(await verifyCorrelation(identity, id, request.signal));
});
