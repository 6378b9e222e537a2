import { describe, expect, it } from 'vitest';
import { decodePayload } from './payloads';

const wfe = {
  event_type: 'workflowexecution.workflow.failed',
  workflow_id: 'restart-deployment',
  workflow_version: 'v1.0.0',
  target_resource: 'payments/Deployment/api',
  phase: 'Failed',
  container_image: 'ghcr.io/kubernaut/restart:v1',
  execution_name: 'we-rr-1',
  failure_reason: 'TaskFailed',
  failure_message: 'exit 1',
  failed_task_name: 'restart',
  error_details: { message: 'Pipeline failed', code: 'ERR_PIPELINE_FAILED', component: 'workflowexecution', retry_possible: false },
};

describe('decodePayload', () => {
  it('decodes a WorkflowExecution failure payload with typed fields', () => {
    const d = decodePayload('workflowexecution.workflow.failed', wfe);
    expect(d.schema).toBe('WorkflowExecutionAuditPayload');
    if (d.schema !== 'WorkflowExecutionAuditPayload') throw new Error('unreachable');
    expect(d.fields.failure_reason).toBe('TaskFailed');
    expect(d.fields.error_details?.retry_possible).toBe(false);
  });

  it('keeps enum values a newer Kubernaut may add instead of falling back', () => {
    const d = decodePayload('workflowexecution.workflow.failed', { ...wfe, failure_reason: 'QuotaExceededV2', phase: 'Suspended' });
    expect(d.schema).toBe('WorkflowExecutionAuditPayload');
  });

  it('falls back to generic without issues for a type it has no schema for', () => {
    const d = decodePayload('kubernautv2.widget.reticulated', { anything: [1, 2] });
    expect(d).toEqual({ schema: 'generic', fields: { anything: [1, 2] }, issues: [] });
  });

  it('falls back to generic and lists the issues when a known payload does not match', () => {
    const { workflow_id: _dropped, ...rest } = wfe;
    const d = decodePayload('workflowexecution.workflow.failed', rest);
    expect(d.schema).toBe('generic');
    if (d.schema !== 'generic') throw new Error('unreachable');
    expect(d.issues.join()).toContain('workflow_id');
  });

  it('does not treat prototype keys as event types', () => {
    expect(decodePayload('constructor', {}).schema).toBe('generic');
    expect(decodePayload('__proto__', {}).schema).toBe('generic');
  });

  it('reports a non-object event_data', () => {
    const d = decodePayload('gateway.signal.received', 'oops');
    expect(d.schema).toBe('generic');
  });
});
