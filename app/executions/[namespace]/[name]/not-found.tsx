import Link from 'next/link';
import { EmptyState } from '@/components/ui/states';

/** The execution does not exist (or was deleted). */
export default function ExecutionNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Execution not found</h1>
      <EmptyState
        title="This WorkflowExecution does not exist"
        description="It may have been deleted, or the link names a namespace Flightdeck does not watch."
        action={
          <Link href="/executions" className="text-sm text-accent underline">
            Back to executions
          </Link>
        }
      />
    </div>
  );
}
