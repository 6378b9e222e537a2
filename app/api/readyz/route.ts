/**
 * Readiness: Kubernetes API, Data Storage and the database, checked in parallel with a
 * deadline each. 503 when a required one is down, so probes and load balancers stop
 * routing here; the body says which one and why (safe messages only).
 */
import { checkReadiness, httpStatusFor } from '@/lib/health';
import { handle, json } from '@/lib/route';

export const GET = handle('health:read', async () => {
  const report = await checkReadiness();
  return json(report, { status: httpStatusFor(report) });
});
