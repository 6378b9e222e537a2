/**
 * The typed view of an event's payload: the fields that matter for each known payload
 * schema, with WorkflowExecution failure fields highlighted. Unknown types render nothing
 * here (the JSON tree beside it shows everything).
 */
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import { decodePayload, type DecodedPayload, type ErrorDetails } from '@/lib/audit/payloads';

type Row = [label: string, value: ReactNode];

function text(v: unknown): ReactNode {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function Rows({ rows, className }: { rows: Row[]; className?: string }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined);
  if (!shown.length) return null;
  return (
    <dl className={cn('grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1 text-xs', className)}>
      {shown.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-fg-muted">{label}</dt>
          <dd className="min-w-0 break-words text-fg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function errorRows(e: ErrorDetails | undefined): Row[] {
  if (!e) return [];
  return [
    ['Error code', text(e.code)],
    ['Component', text(e.component)],
    ['Retry possible', text(e.retry_possible)],
    ['Error message', text(e.message)],
  ];
}

function Failure({ rows, title = 'Failure' }: { rows: Row[]; title?: string }) {
  if (!rows.some(([, v]) => v !== null && v !== undefined)) return null;
  return (
    <div data-testid="payload-failure" className="rounded-md border border-red-300 bg-red-50 p-2 dark:border-red-900 dark:bg-red-950/40">
      <p className="mb-1 text-xs font-semibold text-red-900 dark:text-red-100">{title}</p>
      <Rows rows={rows} />
    </div>
  );
}

function body(d: DecodedPayload): ReactNode {
  switch (d.schema) {
    case 'WorkflowExecutionAuditPayload': {
      const f = d.fields;
      return (
        <>
          <Rows
            rows={[
              ['Workflow', `${f.workflow_id}@${f.workflow_version}${f.workflow_name ? ` (${f.workflow_name})` : ''}`],
              ['Target', text(f.target_resource)],
              ['Phase', f.phase ? f.phase : <span className="font-semibold text-red-700 dark:text-red-300">(empty)</span>],
              ['Execution', text(f.execution_name)],
              ['PipelineRun', text(f.pipelinerun_name)],
              ['Image', text(f.container_image)],
              ['Started', text(f.started_at)],
              ['Completed', text(f.completed_at)],
              ['Duration', text(f.duration)],
            ]}
          />
          <Failure
            rows={[
              ['Failure reason', text(f.failure_reason)],
              ['Failure message', text(f.failure_message)],
              ['Failed task', text(f.failed_task_name)],
              ...errorRows(f.error_details),
            ]}
          />
          {f.parameters && Object.keys(f.parameters).length > 0 && (
            <Rows rows={Object.entries(f.parameters).map(([k, v]): Row => [k, v])} className="border-t border-line pt-1" />
          )}
        </>
      );
    }
    case 'WorkflowExecutionWebhookAuditPayload': {
      const f = d.fields;
      return (
        <Rows
          rows={[
            ['Execution', text(f.workflow_name)],
            ['Cleared at', text(f.cleared_at)],
            ['Reason', text(f.clear_reason)],
            ['State', `${f.previous_state} → ${f.new_state}`],
          ]}
        />
      );
    }
    case 'GatewayAuditPayload': {
      const f = d.fields;
      return (
        <>
          <Rows
            rows={[
              ['Signal', `${f.signal_name} (${f.signal_type})`],
              ['Severity', text(f.severity)],
              ['Resource', f.resource_kind || f.resource_name ? `${f.namespace}/${f.resource_kind ?? '?'}/${f.resource_name ?? '?'}` : text(f.namespace)],
              ['Fingerprint', <code key="fp" className="break-all">{f.fingerprint}</code>],
              ['RemediationRequest', text(f.remediation_request)],
              ['Deduplication', text(f.deduplication_status)],
              ['Occurrences', text(f.occurrence_count)],
            ]}
          />
          <Failure rows={errorRows(f.error_details)} title="Error" />
        </>
      );
    }
    case 'RemediationOrchestratorAuditPayload': {
      const f = d.fields;
      return (
        <>
          <Rows
            rows={[
              ['RemediationRequest', `${f.namespace}/${f.rr_name}`],
              ['Transition', f.from_phase || f.to_phase ? `${f.from_phase ?? '?'} → ${f.to_phase ?? '?'}` : null],
              ['Transition reason', text(f.transition_reason)],
              ['Outcome', text(f.outcome)],
              ['CRD outcome', text(f.crd_outcome)],
              ['Workflow', text(f.workflow_id)],
              ['Decision', text(f.decision)],
              ['Approved by', text(f.approved_by)],
              ['Rejected by', text(f.rejected_by)],
              ['Message', text(f.message)],
              ['Reason', text(f.reason)],
              ['Duration', f.duration_ms !== undefined ? `${f.duration_ms} ms` : null],
            ]}
          />
          <Failure rows={[['Failure phase', text(f.failure_phase)], ['Failure reason', text(f.failure_reason)], ['Rejection', text(f.rejection_reason)], ...errorRows(f.error_details)]} />
        </>
      );
    }
    case 'SignalProcessingAuditPayload': {
      const f = d.fields;
      return (
        <Rows
          rows={[
            ['Signal', text(f.signal)],
            ['Phase', text(f.phase)],
            ['Transition', f.from_phase || f.to_phase ? `${f.from_phase ?? '?'} → ${f.to_phase ?? '?'}` : null],
            ['Severity', text(f.severity)],
            ['Environment', text(f.environment)],
            ['Priority', text(f.priority)],
            ['Duration', f.duration_ms !== undefined ? `${f.duration_ms} ms` : null],
            ['Error', text(f.error)],
          ]}
        />
      );
    }
    case 'AIAnalysisAuditPayload': {
      const f = d.fields;
      return (
        <>
          <Rows
            rows={[
              ['Analysis', `${f.namespace}/${f.analysis_name}`],
              ['Phase', text(f.phase)],
              ['Workflow', text(f.workflow_id)],
              ['Confidence', f.confidence !== undefined ? f.confidence.toFixed(2) : null],
              ['Approval required', text(f.approval_required)],
              ['Approval reason', text(f.approval_reason)],
              ['Degraded mode', text(f.degraded_mode)],
              ['Warnings', text(f.warnings_count)],
            ]}
          />
          <Failure rows={[['Reason', text(f.reason)], ['Sub-reason', text(f.sub_reason)], ...errorRows(f.error_details)]} />
        </>
      );
    }
    case 'NotificationMessageSentPayload':
    case 'NotificationMessageFailedPayload': {
      const f = d.fields;
      return (
        <>
          <Rows
            rows={[
              ['Notification', text(f.notification_id)],
              ['Channel', text(f.channel)],
              ['Priority', text(f.priority)],
              ['Type', 'type' in f ? text(f.type) : null],
              ['Subject', text(f.subject)],
              ['Body', text(f.body)],
            ]}
          />
          {d.schema === 'NotificationMessageFailedPayload' && <Failure rows={[['Error type', text(d.fields.error_type)], ['Error', text(d.fields.error)]]} />}
        </>
      );
    }
    case 'EffectivenessAssessmentAuditPayload': {
      const f = d.fields;
      return (
        <Rows
          rows={[
            ['Assessment', text(f.ea_name)],
            ['Component', text(f.component)],
            ['Assessed', text(f.assessed)],
            ['Score', text(f.score)],
            ['Reason', text(f.reason)],
          ]}
        />
      );
    }
    case 'generic':
      return null;
  }
}

/** Typed fields of one payload; `null` when the type has no typed view. */
export function TypedPayload({ eventType, data }: { eventType: string; data: Record<string, unknown> }) {
  const decoded = decodePayload(eventType, data);
  const content = body(decoded);
  if (decoded.schema === 'generic') {
    return decoded.issues.length ? (
      <div className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
        <p className="font-semibold">The payload does not match the schema of {eventType}:</p>
        <ul className="mt-1 list-disc pl-4">
          {decoded.issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      </div>
    ) : (
      <p className="text-xs text-fg-muted">No typed view for {eventType}; the full payload is below.</p>
    );
  }
  return (
    <div className="space-y-2" data-schema={decoded.schema}>
      <p className="text-xs text-fg-muted">{decoded.schema}</p>
      {content}
    </div>
  );
}
