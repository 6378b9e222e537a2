/**
 * Liveness: the process is up and serving. Makes no upstream calls, so a slow cluster
 * never gets a healthy Flightdeck restarted (that is /api/readyz's job to report).
 */
import { handle, json } from '@/lib/route';

export const GET = handle('health:read', async () => json({ status: 'ok' }));
