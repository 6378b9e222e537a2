import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { formatTimestamp } from '@/components/ui/format';
import { LiveDuration } from '@/components/ui/time';
import type { TaskRunDto, WorkloadDto } from '@/lib/schemas/executions';

const RUN_TONE: Record<TaskRunDto['status'], BadgeTone> = {
  Succeeded: 'success',
  Failed: 'danger',
  Running: 'info',
  Pending: 'warning',
  Unknown: 'neutral',
};

/** The PipelineRun (with its TaskRuns and steps) or Job that ran the execution. */
export function WorkloadPanel({ workload }: { workload: WorkloadDto }) {
  const total = workload.totalTasks;
  const done = workload.completedTasks ?? 0;
  const pct = total ? Math.round((done / total) * 100) : undefined;
  return (
    <div className="space-y-3" data-testid="workload-panel">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{workload.kind}</span>
        <span className="font-mono text-xs">
          {workload.namespace}/{workload.name}
        </span>
        {workload.status && <Badge tone={RUN_TONE[workload.status] ?? 'neutral'}>{workload.status}</Badge>}
        {workload.reason && <span className="text-fg-muted">{workload.reason}</span>}
        {workload.startTime && (
          <span className="text-fg-muted">
            · <LiveDuration since={workload.startTime} until={workload.completionTime ?? (workload.status === 'Running' || workload.status === 'Pending' ? undefined : workload.startTime)} />
          </span>
        )}
      </div>
      {!workload.found && <p className="text-sm text-fg-muted">{workload.message}</p>}
      {total !== undefined && (
        <div>
          <div className="flex justify-between text-xs text-fg-muted">
            <span data-testid="task-progress">
              {done} of {total} tasks completed
            </span>
            {workload.failedTask && (
              <span className="text-red-700 dark:text-red-300">
                Failed: {workload.failedTask}
                {workload.failedStep ? ` / ${workload.failedStep}` : ''}
              </span>
            )}
          </div>
          <div className="mt-1 h-2 overflow-hidden rounded bg-surface-2" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Tasks completed">
            <div className={cn('h-full', workload.failedTask ? 'bg-red-600' : 'bg-emerald-600')} style={{ width: `${pct ?? 0}%` }} />
          </div>
        </div>
      )}
      {workload.taskRuns.length > 0 && (
        <ol className="divide-y divide-line rounded-md border border-line">
          {workload.taskRuns.map((t) => (
            <li key={t.name} className="px-3 py-2 text-sm" data-testid="taskrun">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{t.pipelineTask ?? t.name}</span>
                <Badge tone={RUN_TONE[t.status] ?? 'neutral'}>{t.status}</Badge>
                {t.reason && t.reason !== t.status && <span className="text-xs text-fg-muted">{t.reason}</span>}
                {t.startTime && (
                  <span className="text-xs text-fg-muted" title={formatTimestamp(t.startTime)}>
                    <LiveDuration since={t.startTime} until={t.completionTime ?? (t.status === 'Running' ? undefined : t.startTime)} />
                  </span>
                )}
              </div>
              {t.steps.length > 0 && (
                <ul className="mt-1 flex flex-wrap gap-1.5">
                  {t.steps.map((s) => {
                    const failed = s.state === 'terminated' && (s.exitCode ?? 0) !== 0;
                    return (
                      <li key={s.name} className={cn('rounded border px-1.5 py-0.5 text-xs', failed ? 'border-red-400 text-red-800 dark:border-red-700 dark:text-red-200' : 'border-line text-fg-muted')}>
                        {s.name}: {s.state}
                        {s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ''}
                        {s.reason && s.reason !== 'Completed' ? ` ${s.reason}` : ''}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
