/**
 * GET /api/v1/readiness/infrastructure: live readiness of the installation (Deployments,
 * Pods with restarts and Warning events, required CRDs, Data Storage) with the overall
 * gate and the reason for every red item. Always 200: a red gate is data, not an error.
 * The same snapshot is pushed on the live stream as `readiness.infrastructure`.
 */
import { getInfrastructureSnapshot } from '@/lib/readiness/service';
import { handle, json } from '@/lib/route';

export const GET = handle('readiness:read', async () => json(await getInfrastructureSnapshot()));
