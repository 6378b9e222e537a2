/**
 * The live stream's protocol, shared by the server (lib/live) and the browser
 * (hooks/use-live-stream.ts): what a tab subscribes to, the events it receives, and the
 * stream position a snapshot was read at.
 */
import { z } from 'zod';
import { executionFilterSchema, executionParamsSchema, urlStateToSearchParams, type ExecutionSummary, type ExecutionsUrlState, type PhaseCounts } from './executions';

/**
 * A position on the live stream (lib/live/bus.ts): the process epoch and the sequence
 * number of the newest event a snapshot includes. Events after it can be replayed.
 */
export interface LivePosition {
  epoch: string;
  seq: number;
}


/** A subscription a tab holds on the one live stream. */
export const subscriptionSchema = z.union([
  z.object({ topic: z.literal('executions'), filter: executionFilterSchema.prefault({}) }),
  z.object({ topic: z.literal('execution'), namespace: executionParamsSchema.shape.namespace, name: executionParamsSchema.shape.name }),
  /** Any other bus topic (for example readiness events), passed through unfiltered. */
  z.object({
    topic: z
      .string()
      .regex(/^[a-z][a-z0-9.-]{0,62}$/, 'must be a topic name')
      .refine((t) => t !== 'executions' && t !== 'execution', 'needs its own fields'),
  }),
]);
export type Subscription = z.infer<typeof subscriptionSchema>;

/** A stable key for a subscription (events name the subscription they belong to). */
export function subscriptionKey(sub: Subscription): string {
  if (sub.topic === 'executions' && 'filter' in sub) {
    const params = urlStateToSearchParams(sub.filter as ExecutionsUrlState);
    params.sort();
    return `executions?${params.toString()}`;
  }
  if (sub.topic === 'execution' && 'namespace' in sub) return `execution/${sub.namespace}/${sub.name}`;
  return sub.topic;
}

/** Events the stream sends, after the server applied each subscription. */
export type LiveEvent =
  | {
      type: 'upsert';
      sub: string;
      seq: number;
      item: ExecutionSummary;
      /** Change to the subscription's counts by phase. */
      countsDelta?: Partial<PhaseCounts>;
    }
  | { type: 'delete'; sub: string; seq: number; uid: string; countsDelta?: Partial<PhaseCounts> }
  /** Something the detail view shows changed (the PipelineRun, a TaskRun, the remediation). */
  | { type: 'invalidate'; sub: string; seq: number }
  /** Missed events cannot be replayed: refetch everything. */
  | { type: 'reset'; sub: string; seq: number; reason: string }
  | { type: 'message'; sub: string; seq: number; data: unknown };

/** The first event of every connection. */
export interface HelloEvent {
  epoch: string;
  seq: number;
  subs: string[];
}
