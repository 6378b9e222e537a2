import { Skeleton } from '@/components/ui/states';

export default function Loading() {
  return (
    <div className="space-y-3" aria-busy="true" aria-label="Loading the correlation">
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-56 w-full" />
      <Skeleton className="h-72 w-full" />
    </div>
  );
}
