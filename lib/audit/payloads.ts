/**
 * Typed decoding of `event_data` by its `event_type` discriminator, following the
 * discriminator mapping of Kubernaut v1.5.7's api/openapi/data-storage-v1.yaml. Types
 * without a typed schema here, and types a newer Kubernaut adds, decode as `generic` and
 * still render (as a JSON tree). Shared by server and browser: no server imports.
 *
 * Enum-valued fields are read as plain strings on purpose: a newer Kubernaut may add
 * values, and an unknown value must not demote a payload to `generic`.
 */
import { z } from 'zod';
import type { PayloadSchemaName } from '../schemas/audit';

const str = z.string();
const optStr = z.string().optional();

export const errorDetailsSchema = z.looseObject({
  message: str,
  code: str,
  component: str,
  retry_possible: z.boolean(),
  stack_trace: z.array(z.string()).optional(),
});
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

/** pkg/workflowexecution/audit/manager.go writes these for all five workflowexecution.* types. */
export const workflowExecutionPayloadSchema = z.looseObject({
  event_type: str,
  workflow_id: str,
  workflow_version: str,
  workflow_name: optStr,
  target_resource: str,
  phase: str,
  container_image: str,
  execution_name: str,
  started_at: optStr,
  completed_at: optStr,
  duration: optStr,
  failure_reason: optStr,
  failure_message: optStr,
  failed_task_name: optStr,
  error_details: errorDetailsSchema.optional(),
  pipelinerun_name: optStr,
  parameters: z.record(z.string(), z.string()).optional(),
});
export type WorkflowExecutionPayload = z.infer<typeof workflowExecutionPayloadSchema>;

export const workflowExecutionWebhookPayloadSchema = z.looseObject({
  event_type: str,
  workflow_name: str,
  clear_reason: str,
  cleared_at: str,
  previous_state: str,
  new_state: str,
});

export const gatewayPayloadSchema = z.looseObject({
  event_type: str,
  signal_type: str,
  signal_name: str,
  namespace: str,
  fingerprint: str,
  severity: optStr,
  resource_kind: optStr,
  resource_name: optStr,
  remediation_request: optStr,
  deduplication_status: optStr,
  occurrence_count: z.number().optional(),
  error_details: errorDetailsSchema.optional(),
});

export const orchestratorPayloadSchema = z.looseObject({
  event_type: str,
  rr_name: str,
  namespace: str,
  outcome: optStr,
  duration_ms: z.number().optional(),
  failure_phase: optStr,
  failure_reason: optStr,
  error_details: errorDetailsSchema.optional(),
  from_phase: optStr,
  to_phase: optStr,
  transition_reason: optStr,
  workflow_id: optStr,
  decision: optStr,
  approved_by: optStr,
  rejected_by: optStr,
  rejection_reason: optStr,
  message: optStr,
  reason: optStr,
  crd_outcome: optStr,
});

export const signalProcessingPayloadSchema = z.looseObject({
  event_type: str,
  phase: str,
  signal: str,
  severity: optStr,
  environment: optStr,
  priority: optStr,
  from_phase: optStr,
  to_phase: optStr,
  duration_ms: z.number().optional(),
  error: optStr,
});

export const aiAnalysisPayloadSchema = z.looseObject({
  event_type: str,
  analysis_name: str,
  namespace: str,
  phase: str,
  approval_required: z.boolean(),
  approval_reason: optStr,
  degraded_mode: z.boolean(),
  warnings_count: z.number(),
  confidence: z.number().optional(),
  workflow_id: optStr,
  reason: optStr,
  sub_reason: optStr,
  error_details: errorDetailsSchema.optional(),
});

export const notificationSentPayloadSchema = z.looseObject({
  notification_id: str,
  channel: str,
  subject: str,
  body: str,
  priority: str,
  type: str,
});

export const notificationFailedPayloadSchema = z.looseObject({
  notification_id: str,
  channel: str,
  subject: str,
  body: str,
  priority: str,
  error_type: str,
  error: optStr,
});

export const effectivenessPayloadSchema = z.looseObject({
  event_type: str,
  correlation_id: str,
  namespace: str,
  component: str,
  ea_name: optStr,
  assessed: z.boolean().optional(),
  score: z.number().nullable().optional(),
  reason: optStr,
});

const SCHEMAS = {
  WorkflowExecutionAuditPayload: workflowExecutionPayloadSchema,
  WorkflowExecutionWebhookAuditPayload: workflowExecutionWebhookPayloadSchema,
  GatewayAuditPayload: gatewayPayloadSchema,
  RemediationOrchestratorAuditPayload: orchestratorPayloadSchema,
  SignalProcessingAuditPayload: signalProcessingPayloadSchema,
  AIAnalysisAuditPayload: aiAnalysisPayloadSchema,
  NotificationMessageSentPayload: notificationSentPayloadSchema,
  NotificationMessageFailedPayload: notificationFailedPayloadSchema,
  EffectivenessAssessmentAuditPayload: effectivenessPayloadSchema,
} as const satisfies Record<Exclude<PayloadSchemaName, 'generic'>, z.ZodType>;

type TypedName = keyof typeof SCHEMAS;

const ORCHESTRATOR_TYPES = [
  'orchestrator.lifecycle.started',
  'orchestrator.lifecycle.created',
  'orchestrator.lifecycle.completed',
  'orchestrator.lifecycle.failed',
  'orchestrator.lifecycle.verifying_started',
  'orchestrator.lifecycle.verification_completed',
  'orchestrator.lifecycle.verification_timed_out',
  'orchestrator.lifecycle.transitioned',
  'orchestrator.approval.requested',
  'orchestrator.approval.approved',
  'orchestrator.approval.rejected',
  'orchestrator.remediation.manual_review',
  'orchestrator.routing.blocked',
  'remediation.workflow_created',
  'orchestrator.ea.created',
];

/** The discriminator mapping, restricted to the payloads typed above. */
export const PAYLOAD_SCHEMA_BY_TYPE: Readonly<Record<string, TypedName>> = Object.freeze({
  'workflowexecution.workflow.started': 'WorkflowExecutionAuditPayload',
  'workflowexecution.workflow.completed': 'WorkflowExecutionAuditPayload',
  'workflowexecution.workflow.failed': 'WorkflowExecutionAuditPayload',
  'workflowexecution.selection.completed': 'WorkflowExecutionAuditPayload',
  'workflowexecution.execution.started': 'WorkflowExecutionAuditPayload',
  'workflowexecution.block.cleared': 'WorkflowExecutionWebhookAuditPayload',
  'gateway.signal.received': 'GatewayAuditPayload',
  'gateway.signal.deduplicated': 'GatewayAuditPayload',
  'gateway.crd.created': 'GatewayAuditPayload',
  'gateway.crd.failed': 'GatewayAuditPayload',
  ...Object.fromEntries(ORCHESTRATOR_TYPES.map((t) => [t, 'RemediationOrchestratorAuditPayload' as const])),
  'signalprocessing.signal.processed': 'SignalProcessingAuditPayload',
  'signalprocessing.phase.transition': 'SignalProcessingAuditPayload',
  'signalprocessing.classification.decision': 'SignalProcessingAuditPayload',
  'signalprocessing.business.classified': 'SignalProcessingAuditPayload',
  'signalprocessing.enrichment.completed': 'SignalProcessingAuditPayload',
  'signalprocessing.error.occurred': 'SignalProcessingAuditPayload',
  'aianalysis.analysis.completed': 'AIAnalysisAuditPayload',
  'aianalysis.analysis.failed': 'AIAnalysisAuditPayload',
  'notification.message.sent': 'NotificationMessageSentPayload',
  'notification.message.failed': 'NotificationMessageFailedPayload',
  'effectiveness.health.assessed': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.hash.computed': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.alert.assessed': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.metrics.assessed': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.assessment.scheduled': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.assessment.completed': 'EffectivenessAssessmentAuditPayload',
  'effectiveness.alert_decay.detected': 'EffectivenessAssessmentAuditPayload',
});

export type DecodedPayload =
  | { schema: 'WorkflowExecutionAuditPayload'; fields: WorkflowExecutionPayload }
  | { schema: 'WorkflowExecutionWebhookAuditPayload'; fields: z.infer<typeof workflowExecutionWebhookPayloadSchema> }
  | { schema: 'GatewayAuditPayload'; fields: z.infer<typeof gatewayPayloadSchema> }
  | { schema: 'RemediationOrchestratorAuditPayload'; fields: z.infer<typeof orchestratorPayloadSchema> }
  | { schema: 'SignalProcessingAuditPayload'; fields: z.infer<typeof signalProcessingPayloadSchema> }
  | { schema: 'AIAnalysisAuditPayload'; fields: z.infer<typeof aiAnalysisPayloadSchema> }
  | { schema: 'NotificationMessageSentPayload'; fields: z.infer<typeof notificationSentPayloadSchema> }
  | { schema: 'NotificationMessageFailedPayload'; fields: z.infer<typeof notificationFailedPayloadSchema> }
  | { schema: 'EffectivenessAssessmentAuditPayload'; fields: z.infer<typeof effectivenessPayloadSchema> }
  | { schema: 'generic'; fields: Record<string, unknown>; issues: string[] };

/**
 * Decodes `data` with the schema its `eventType` maps to. A type without a typed schema
 * is `generic` with no issues; a known type whose payload does not match is `generic`
 * with the issues (so it still renders, and the mismatch is visible).
 */
export function decodePayload(eventType: string, data: unknown): DecodedPayload {
  const fields = isRecord(data) ? data : {};
  const name = Object.hasOwn(PAYLOAD_SCHEMA_BY_TYPE, eventType) ? PAYLOAD_SCHEMA_BY_TYPE[eventType] : undefined;
  if (!name) return { schema: 'generic', fields, issues: isRecord(data) ? [] : ['event_data is not an object'] };
  const result = SCHEMAS[name].safeParse(fields);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || 'event_data'}: ${i.message}`);
    return { schema: 'generic', fields, issues };
  }
  return { schema: name, fields: result.data } as DecodedPayload;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
