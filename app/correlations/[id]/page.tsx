import type { Metadata } from 'next';
import { Suspense } from 'react';
import { preload } from 'react-dom';
import { CorrelationView } from '@/components/correlations/correlation-view';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { pageIdentity } from '@/lib/route';
import { dataStorageUrl } from '@/lib/setup';
import { correlationIdSchema, correlationUrl } from '@/lib/schemas/audit';
import { correlationUrlState } from '@/lib/url-state';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

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
export default async function CorrelationPage({ params, searchParams }: Props) {
  await pageIdentity('audit:read');
  const { id: raw } = await params;
  const { event } = correlationUrlState.parse(await searchParams);
  const parsed = correlationIdSchema.safeParse(decode(raw));
  if (!parsed.success) {
    return <ErrorState title="This is not a correlation id" message={`A correlation id ${parsed.error.issues[0]?.message ?? 'is invalid'}.`} />;
  }
  // The browser starts reading the events while it loads and hydrates the page; the
  // view's own fetch of the same URL then takes the preloaded answer.
  preload(correlationUrl(parsed.data, event), { as: 'fetch', crossOrigin: 'anonymous' });
  return (
    <Suspense fallback={<Skeleton className="h-64 w-full" />}>
      <CorrelationView correlationId={parsed.data} dataStorage={dataStorageUrl()} />
    </Suspense>
  );
}
