// Types of scenario.mjs for TypeScript callers (tests, benches).

/** A request body item of createAuditEventsBatch. */
export interface AuditEventRequest {
  version: string;
  event_type: string;
  event_timestamp: string;
  event_category: string;
  event_action: string;
  event_outcome: 'success' | 'failure' | 'pending';
  actor_type?: string;
  actor_id?: string;
  resource_type?: string;
  resource_id?: string;
  correlation_id: string;
  namespace?: string;
  severity?: string;
  duration_ms?: number;
  event_data: Record<string, unknown>;
}

export interface ScenarioWorkflow {
  name: string;
  namespace: string;
  correlationId: string;
  workflowId: string;
  version: string;
  executionBundle: string;
  targetResource: string;
  parameters: Record<string, string>;
  pipelineRun: string;
}

export interface ScenarioFailure {
  reason: string;
  message: string;
  failedTaskName?: string;
  failedTaskIndex?: number;
  failedStepName?: string;
  exitCode?: number;
  wasExecutionFailure?: boolean;
  naturalLanguageSummary?: string;
}

export interface WriterConfig {
  url: string;
  token: string;
  batchSize?: number;
  fetchImpl?: typeof fetch;
}

export const MAX_BATCH: number;
export const TASK_FAILURE: Readonly<Required<ScenarioFailure>>;
export function stackEnv(stackDir?: string): Record<string, string>;
export function writerConfig(env?: Record<string, string | undefined>): { url: string; token: string };
export function runId(): string;
export function workflowFor(correlationId: string, namespace: string, overrides?: Partial<ScenarioWorkflow>): ScenarioWorkflow;
export function selectionCompleted(wf: ScenarioWorkflow, at: number): AuditEventRequest;
export function executionStarted(wf: ScenarioWorkflow, at: number): AuditEventRequest;
export function workflowCompleted(wf: ScenarioWorkflow, at: number, startedAt: number): AuditEventRequest;
export function workflowFailed(wf: ScenarioWorkflow, at: number, startedAt: number, failure: ScenarioFailure): AuditEventRequest;
export function remediationStory(o: {
  correlationId: string;
  namespace: string;
  start?: number;
  outcome?: 'completed' | 'failed';
  withFailedEvent?: boolean;
  selectionCount?: number;
  failure?: ScenarioFailure;
}): { events: AuditEventRequest[]; workflow: ScenarioWorkflow; startedAt: number; endedAt: number; failure: ScenarioFailure };
export function futureEvent(o: { correlationId: string; namespace: string; at: number }): AuditEventRequest;
export function bulkEvents(o: { correlationId: string; namespace: string; count: number; end?: number; spanMs?: number }): AuditEventRequest[];
export function signalFingerprint(text: string): string;
export function writeEvents(events: AuditEventRequest[], config?: WriterConfig): Promise<string[]>;
