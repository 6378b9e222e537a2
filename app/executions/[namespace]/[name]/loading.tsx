import { LoadingState, Skeleton } from '@/components/ui/states';

/** While one execution's page renders on the server. */
export default function Loading() {
  return (
    <LoadingState label="Loading execution…">
      <Skeleton className="h-4 w-48" />
      <Skeleton className="h-8 w-96 max-w-full" />
      <Skeleton className="h-16 w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-40 w-full" />
    </LoadingState>
  );
}
