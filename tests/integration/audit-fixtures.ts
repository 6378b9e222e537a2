/**
 * Arranges realistic audit trails for the audit integration tests: events written through
 * Data Storage's real batch API with the writer token, and the matching RemediationRequests
 * and WorkflowExecutions created with the stack's admin kubeconfig (status through the
 * status subresource, as Kubernaut's controllers write it).
 */
import { resetTokenCacheForTests } from '@/lib/datastorage/http';
import { resetEnvForTests } from '@/lib/env';
import { resetKubeConfigForTests } from '@/lib/k8s/client';
import { adminClients, createRemediationRequest, createWorkflowExecution, ensureNamespace } from '@/tools/scenario/k8s';
import { futureEvent, remediationStory, runId, writeEvents, writerConfig, type AuditEventRequest } from '@/tools/scenario/scenario';
import { loadStackEnv } from './stack';

/** Points Flightdeck's config at the stack (global setup exported it) and drops caches. */
export function useStackEnv(): void {
  for (const [key, value] of Object.entries(loadStackEnv())) process.env[key] ??= value;
  resetEnvForTests();
  resetKubeConfigForTests();
  resetTokenCacheForTests();
}

export interface AuditWorld {
  namespace: string;
  /** Completed remediation across every service, plus one event of an unknown future type. */
  completed: string;
  /** Running execution whose controller emitted selection.completed 16 times. */
  duplicates: string;
  /** Failed execution with its workflow.failed event. */
  failed: string;
  /** Failed execution whose workflow.failed event never arrived. */
  failedSilent: string;
  /** Failed a second ago: its workflow.failed may still be on its way. */
  failedRecent: string;
  /** Correlation id -> events written, oldest first. */
  written: Map<string, AuditEventRequest[]>;
  /** End of the recent failure (epoch ms). */
  recentEndedAt: number;
}

/** Writes the scenarios and creates their Kubernetes objects; unique names per run. */
export async function arrangeAuditWorld(): Promise<AuditWorld> {
  const run = runId();
  const namespace = `fd-audit-${run}`;
  const id = (name: string) => `rr-${name}-${run}`;
  const now = Date.now();
  const world: AuditWorld = {
    namespace,
    completed: id('ok'),
    duplicates: id('dup'),
    failed: id('fail'),
    failedSilent: id('silent'),
    failedRecent: id('recent'),
    written: new Map(),
    recentEndedAt: 0,
  };

  const completed = remediationStory({ correlationId: world.completed, namespace, start: now - 30 * 60_000, outcome: 'completed' });
  const future = futureEvent({ correlationId: world.completed, namespace, at: completed.endedAt + 400_000 });
  const duplicates = remediationStory({ correlationId: world.duplicates, namespace, start: now - 25 * 60_000, outcome: 'completed', selectionCount: 16 });
  // The duplicates execution is still Running: keep its story up to execution.started.
  const dupEvents = duplicates.events.filter((e) => !['workflowexecution.workflow.completed', 'orchestrator.lifecycle.completed', 'notification.message.sent', 'effectiveness.assessment.completed'].includes(e.event_type));
  const failed = remediationStory({ correlationId: world.failed, namespace, start: now - 20 * 60_000, outcome: 'failed' });
  const silent = remediationStory({ correlationId: world.failedSilent, namespace, start: now - 18 * 60_000, outcome: 'failed', withFailedEvent: false });
  const recentStart = now - 116_000;
  const recent = remediationStory({ correlationId: world.failedRecent, namespace, start: recentStart, outcome: 'failed', withFailedEvent: false });
  world.recentEndedAt = recent.endedAt;

  world.written.set(world.completed, [...completed.events, future]);
  world.written.set(world.duplicates, dupEvents);
  world.written.set(world.failed, failed.events);
  world.written.set(world.failedSilent, silent.events);
  world.written.set(world.failedRecent, recent.events);

  const writer = writerConfig();
  for (const events of world.written.values()) await writeEvents(events, writer);

  const k8s = adminClients();
  await ensureNamespace(k8s, namespace);
  const arrange: Array<[string, Parameters<typeof createWorkflowExecution>[2], string]> = [
    [world.completed, { phase: 'Completed', startedAt: completed.startedAt, endedAt: completed.endedAt }, 'Completed'],
    [world.duplicates, { phase: 'Running', startedAt: duplicates.startedAt }, 'Executing'],
    [world.failed, { phase: 'Failed', startedAt: failed.startedAt, endedAt: failed.endedAt, failure: failed.failure }, 'Failed'],
    [world.failedSilent, { phase: 'Failed', startedAt: silent.startedAt, endedAt: silent.endedAt, failure: silent.failure }, 'Failed'],
    [world.failedRecent, { phase: 'Failed', startedAt: recent.startedAt, endedAt: recent.endedAt, failure: recent.failure }, 'Failed'],
  ];
  const stories = new Map([
    [world.completed, completed],
    [world.duplicates, duplicates],
    [world.failed, failed],
    [world.failedSilent, silent],
    [world.failedRecent, recent],
  ]);
  for (const [correlationId, status, rrPhase] of arrange) {
    await createRemediationRequest(k8s, { namespace, name: correlationId, overallPhase: rrPhase });
    await createWorkflowExecution(k8s, stories.get(correlationId)!.workflow, status);
  }
  return world;
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes (watch delivery is asynchronous). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
