/**
 * Readiness: Kubernetes API, Data Storage and the database, checked in parallel with a
 * deadline each. 503 when a required one is down, so probes and load balancers stop
 * routing here. Probes need no sign-in and see each component's up or down only; a
 * signed-in person also gets the safe details (versions, reasons, timings).
 */
import { checkReadiness, httpStatusFor, publicReport } from '@/lib/health';
import { lifecyclePhase } from '@/lib/lifecycle';
import { handle, json, signedInIdentity } from '@/lib/route';

export const GET = handle('health:read', async (request) => {
  // Shutting down: not ready whatever the dependencies say, so no new traffic comes here.
  if (lifecyclePhase() !== 'serving') return json({ status: 'shutting_down', checkedAt: new Date().toISOString() }, { status: 503 });
  const report = await checkReadiness();
  const body = (await signedInIdentity(request)) ? report : publicReport(report);
  return json(body, { status: httpStatusFor(report) });
});
