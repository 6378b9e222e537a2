import { LoadingState, Skeleton } from '@/components/ui/states';

export default function RunLoading() {
  return (
    <LoadingState label="Loading the run…">
      <Skeleton className="h-6 w-72" />
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-44 w-full" />
    </LoadingState>
  );
}
