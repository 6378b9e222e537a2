import { Skeleton } from '@/components/ui/states';

export default function Loading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading audit events">
      <Skeleton className="h-6 w-48" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-96 w-full" />
    </div>
  );
}
