/**
 * The bus topics Flightdeck publishes and what each one carries. Publishing to one of
 * these topics is type-checked against its payload, and a listener gets that payload
 * typed. A stream may still subscribe to any other topic name (the protocol passes
 * unknown topics through untouched), whose payload is `unknown`.
 */
import { EXECUTIONS_TOPIC, type ExecutionChange } from '../executions/changes';
import { INFRA_LIVE_EVENT, RUN_LIVE_EVENT, type InfrastructureSnapshot, type RunStoredEvent } from '../schemas/readiness';

export interface LiveTopics {
  /** Every change of the executions cache (lib/executions/store.ts). */
  [EXECUTIONS_TOPIC]: ExecutionChange;
  /** A changed infrastructure snapshot (lib/readiness/live.ts). */
  [INFRA_LIVE_EVENT]: InfrastructureSnapshot;
  /** A stored test report (lib/readiness/live.ts). */
  [RUN_LIVE_EVENT]: RunStoredEvent;
}

export type LiveTopic = keyof LiveTopics;

/** The payload of a topic: typed for Flightdeck's own topics, `unknown` for any other. */
export type TopicData<K extends string> = K extends LiveTopic ? LiveTopics[K] : unknown;
