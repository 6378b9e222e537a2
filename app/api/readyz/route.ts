/**
 * Readiness: Kubernetes API, Data Storage and the database, checked in parallel with a
 * deadline each. 503 when a required one is down, so probes and load balancers stop
 * routing here; the body says which one and why (safe messages only).
 */
import { checkReadiness, httpStatusFor } from '@/lib/health';
import { lifecyclePhase } from '@/lib/lifecycle';
import { handle, json } from '@/lib/route';

export const GET = handle('health:read', async () => {
  // Shutting down: not ready whatever the dependencies say, so no new traffic comes here.
  if (lifecyclePhase() !== 'serving') return json({ status: 'shutting_down', checkedAt: new Date().toISOString() }, { status: 503 });
  const report = await checkReadiness();
  return json(report, { status: httpStatusFor(report) });
});
