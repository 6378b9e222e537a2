import { LoadingState, Skeleton } from '@/components/ui/states';

/** While the executions page renders on the server. */
export default function Loading() {
  return (
    <LoadingState label="Loading executions…">
      <Skeleton className="h-6 w-40" />
      <Skeleton className="h-8 w-full" />
      <div className="grid gap-3 lg:grid-cols-2">
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-28 w-full" />
      </div>
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </LoadingState>
  );
}
