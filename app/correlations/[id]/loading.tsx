import { LoadingState, Skeleton } from '@/components/ui/states';

export default function Loading() {
  return (
    <LoadingState label="Loading the correlation…">
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-56 w-full" />
      <Skeleton className="h-72 w-full" />
    </LoadingState>
  );
}
