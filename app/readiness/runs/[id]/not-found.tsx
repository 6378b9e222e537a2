import Link from 'next/link';
import { EmptyState } from '@/components/ui/states';

export default function RunNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Run not found</h1>
      <EmptyState
        title="There is no test run with this id"
        description="It may have been removed by retention (READINESS_RETENTION_DAYS) or the link is wrong."
        action={
          <Link href="/readiness" className="text-accent underline">
            Back to readiness
          </Link>
        }
      />
    </div>
  );
}
