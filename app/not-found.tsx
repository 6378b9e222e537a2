import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <EmptyState
        title="There is nothing at this address."
        description="The link may be mistyped, or the object it pointed to no longer exists."
        action={
          <Link href="/" className={buttonClass({ variant: 'secondary' })}>
            Go to the overview
          </Link>
        }
      />
    </div>
  );
}
