import { Badge } from '@/components/ui/badge';
import { formatTimestamp } from '@/components/ui/format';
import type { FailureDetailsDto, FailureReason } from '@/lib/schemas/executions';

/** What each failure reason means for an operator. */
const REASON_TEXT: Record<FailureReason, string> = {
  OOMKilled: 'A container ran out of memory and was killed.',
  DeadlineExceeded: 'The workflow ran past its timeout.',
  Forbidden: 'The workflow was not allowed to do something it tried (RBAC).',
  ResourceExhausted: 'A quota or resource limit stopped the workflow.',
  ConfigurationError: 'The workflow or its parameters are misconfigured.',
  ImagePullBackOff: 'A container image could not be pulled.',
  TaskFailed: 'A task of the workflow failed.',
  UnsupportedEngine: 'The execution engine is not supported.',
  Unknown: 'The controller could not classify the failure.',
  Deduplicated: 'Another execution already owns this execution resource; this one did not run.',
};

function reasonText(reason: string): string {
  return (REASON_TEXT as Record<string, string>)[reason] ?? 'A failure reason this version of Flightdeck does not know.';
}

/** "What broke, where, why" of a failed execution in one panel. */
export function FailurePanel({ failure, failedTask, failedStep }: { failure: FailureDetailsDto; failedTask?: string; failedStep?: string }) {
  const task = failure.failedTaskName ?? failedTask;
  const step = failure.failedStepName ?? failedStep;
  return (
    <section
      aria-labelledby="failure-heading"
      data-testid="failure-panel"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-900 dark:bg-red-950/40 dark:text-red-50"
    >
      <h2 id="failure-heading" className="flex flex-wrap items-center gap-2 text-base font-semibold">
        Failed
        <Badge tone="danger" data-testid="failure-reason">
          {failure.reason}
        </Badge>
      </h2>
      <p className="mt-1 text-sm">{reasonText(failure.reason)}</p>
      {failure.naturalLanguageSummary && (
        <p className="mt-3 text-sm font-medium" data-testid="failure-summary">
          {failure.naturalLanguageSummary}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Failed task</dt>
        <dd data-testid="failed-task">
          {task ?? '—'}
          {failure.failedTaskIndex !== undefined ? ` (task #${failure.failedTaskIndex + 1})` : ''}
        </dd>
        <dt className="font-medium">Failed step</dt>
        <dd data-testid="failed-step">{step ?? '—'}</dd>
        <dt className="font-medium">Exit code</dt>
        <dd className="font-mono" data-testid="exit-code">
          {failure.exitCode ?? '—'}
        </dd>
        <dt className="font-medium">Message</dt>
        <dd className="break-words whitespace-pre-wrap">{failure.message ?? '—'}</dd>
        <dt className="font-medium">Failed at</dt>
        <dd>{failure.failedAt ? formatTimestamp(failure.failedAt) : '—'}</dd>
        {failure.executionTimeBeforeFailure && (
          <>
            <dt className="font-medium">Ran for</dt>
            <dd>{failure.executionTimeBeforeFailure}</dd>
          </>
        )}
        <dt className="font-medium">Execution failure</dt>
        <dd data-testid="was-execution-failure">
          {failure.wasExecutionFailure === undefined
            ? 'Not reported'
            : failure.wasExecutionFailure
              ? 'Yes: the workflow ran and failed, so it may have changed the cluster. Kubernaut blocks further automatic retries on this target until the block is cleared.'
              : 'No: it failed before running (validation, image pull, quota…), so nothing was changed; Kubernaut retries with backoff.'}
        </dd>
      </dl>
    </section>
  );
}
