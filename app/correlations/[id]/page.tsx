import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CorrelationView } from '@/components/correlations/correlation-view';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { correlationIdSchema } from '@/lib/schemas/audit';

type Props = { params: Promise<{ id: string }> };

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Correlation ${decode(id).slice(0, 80)}` };
}

/** /correlations/{id}: one remediation's events as a timeline, lane by service. */
export default async function CorrelationPage({ params }: Props) {
  const { id: raw } = await params;
  const parsed = correlationIdSchema.safeParse(decode(raw));
  if (!parsed.success) {
    return <ErrorState title="This is not a correlation id" message={`A correlation id ${parsed.error.issues[0]?.message ?? 'is invalid'}.`} />;
  }
  return (
    <Suspense fallback={<Skeleton className="h-64 w-full" />}>
      <CorrelationView correlationId={parsed.data} />
    </Suspense>
  );
}
