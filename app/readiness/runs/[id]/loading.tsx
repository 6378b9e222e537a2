import { Skeleton } from '@/components/ui/states';

export default function RunLoading() {
  return (
    <div className="space-y-3" aria-busy="true">
      <span role="status" className="sr-only">
        Loading the run…
      </span>
      <Skeleton className="h-6 w-72" />
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-44 w-full" />
    </div>
  );
}
