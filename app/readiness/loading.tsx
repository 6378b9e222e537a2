import { LoadingState, Skeleton } from '@/components/ui/states';

export default function ReadinessLoading() {
  return (
    <LoadingState label="Loading test readiness…">
      <Skeleton className="h-6 w-40" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-56 w-full" />
      <Skeleton className="h-32 w-full" />
    </LoadingState>
  );
}
