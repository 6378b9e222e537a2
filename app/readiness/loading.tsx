import { Skeleton } from '@/components/ui/states';

export default function ReadinessLoading() {
  return (
    <div className="space-y-3" aria-busy="true">
      <span role="status" className="sr-only">
        Loading test readiness…
      </span>
      <Skeleton className="h-6 w-40" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-56 w-full" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
