/**
 * Readiness on the live stream (lib/live/bus.ts): `readiness.infrastructure` carries each
 * changed InfrastructureSnapshot, `readiness.run` tells tabs that a report was stored.
 * The infrastructure is re-checked every INFRA_POLL_MS only while some tab listens, so an
 * idle Flightdeck does not poll the API server.
 */
import 'server-only';
import { liveBus, publish } from '../live/bus';
import { log } from '../log';
import { forgetSingleton, processSingleton } from '../singleton';
import type { LivePosition } from '../schemas/live';
import { INFRA_LIVE_EVENT, RUN_LIVE_EVENT, type IngestResult } from '../schemas/readiness';
import { onInfrastructureChange, refreshInfrastructure } from './infrastructure';

export const INFRA_POLL_MS = 5_000;

interface InfrastructurePoller {
  timer: NodeJS.Timeout;
  unsubscribe: () => void;
}

/**
 * Starts forwarding infrastructure changes to the bus (idempotent; one poller per
 * process, see lib/singleton.ts).
 */
export function startInfrastructureLive(): void {
  processSingleton<InfrastructurePoller>('readinessLive', () => {
    const unsubscribe = onInfrastructureChange((snapshot) => publish(INFRA_LIVE_EVENT, snapshot));
    const timer = setInterval(() => {
      if (liveBus().listenerCount(INFRA_LIVE_EVENT) === 0) return;
      refreshInfrastructure().catch((err: unknown) => log.warn('readiness: infrastructure check failed', { err }));
    }, INFRA_POLL_MS);
    timer.unref?.();
    return { timer, unsubscribe };
  });
}

/** Stops the poller (tests). */
export function stopInfrastructureLive(): void {
  const live = forgetSingleton<InfrastructurePoller>('readinessLive');
  if (!live) return;
  clearInterval(live.timer);
  live.unsubscribe();
}

/** Announces a stored run so open matrices and run pages refetch. */
export function notifyRunStored(result: IngestResult): void {
  publish(RUN_LIVE_EVENT, { id: result.id, service: result.service, tier: result.tier, runId: result.runId, replaced: result.replaced });
}

/** The bus position now: data read after this call includes every event up to it. */
export function livePosition(): LivePosition {
  const bus = liveBus();
  return { epoch: bus.epoch, seq: bus.seq };
}
