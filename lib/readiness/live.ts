/**
 * Readiness on the live stream (lib/live/bus.ts): `readiness.infrastructure` carries each
 * changed InfrastructureSnapshot, `readiness.run` tells tabs that a report was stored.
 * The infrastructure is re-checked every INFRA_POLL_MS only while some tab listens, so an
 * idle Flightdeck does not poll the API server.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { listenPostgres, type Db } from '../db';
import { env } from '../env';
import { liveBus, publish } from '../live/bus';
import { log } from '../log';
import { forgetSingleton, processSingleton } from '../singleton';
import type { LivePosition } from '../schemas/live';
import { INFRA_LIVE_EVENT, RUN_LIVE_EVENT, type IngestResult, type RunStoredEvent } from '../schemas/readiness';
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

/** PostgreSQL channel on which replicas announce stored runs to each other. */
const RUN_CHANNEL = 'flightdeck_readiness_run';
/** Tells this process's own notifications apart from other replicas'. */
const ORIGIN = processSingleton('processOrigin', () => randomUUID());

/**
 * Listens for runs stored by other replicas (PostgreSQL LISTEN) and forwards them to this
 * process's live stream, so a tab on any replica sees every upload. Idempotent; nothing to
 * do on the embedded database (one process).
 */
export function startRunNotifications(): void {
  const url = env().DATABASE_URL;
  if (!url) return;
  processSingleton('readinessRunListener', () =>
    listenPostgres(url, RUN_CHANNEL, (payload) => {
      try {
        const { origin, event } = JSON.parse(payload) as { origin?: string; event?: RunStoredEvent };
        if (origin !== ORIGIN && event) publish(RUN_LIVE_EVENT, event);
      } catch (err) {
        log.warn('readiness: unreadable run notification', { err });
      }
    }),
  );
}

/** Announces a stored run so open matrices and run pages refetch, here and on the other replicas. */
export async function notifyRunStored(db: Db, result: IngestResult): Promise<void> {
  const event: RunStoredEvent = { id: result.id, service: result.service, tier: result.tier, runId: result.runId, replaced: result.replaced };
  publish(RUN_LIVE_EVENT, event);
  if (db.kind !== 'postgres') return;
  startRunNotifications();
  try {
    await db.query('SELECT pg_notify($1, $2)', [RUN_CHANNEL, JSON.stringify({ origin: ORIGIN, event })]);
  } catch (err) {
    // The run is stored; other replicas' tabs see it on their next refetch.
    log.warn('readiness: could not tell the other replicas about a stored run', { err });
  }
}

/** The bus position now: data read after this call includes every event up to it. */
export function livePosition(): LivePosition {
  const bus = liveBus();
  return { epoch: bus.epoch, seq: bus.seq };
}
