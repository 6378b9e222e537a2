import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState, Skeleton } from '@/components/ui/states';
import { urlStateToSearchParams, type ExecutionFilter } from '@/lib/schemas/executions';

/** The executions list filtered as `filter` (the URL carries the filter). */
export function executionsHref(filter: ExecutionFilter): string {
  const qs = urlStateToSearchParams(filter).toString();
  return qs ? `/executions?${qs}` : '/executions';
}

export function executionHref(namespace: string, name: string): string {
  return `/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/**
 * One tile of the overview: a titled card whose header links to the view behind it
 * (`linkLabel` names that view for screen readers and the link text).
 */
export function Tile({
  id,
  title,
  description,
  href,
  linkLabel,
  children,
  className,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  href?: string;
  linkLabel?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Card aria-labelledby={`${id}-heading`} data-testid={id} className={className}>
      <CardHeader
        title={<span id={`${id}-heading`}>{title}</span>}
        description={description}
        actions={
          href && linkLabel ? (
            <Link href={href} className="text-xs font-medium text-accent hover:underline" data-testid={`${id}-link`}>
              {linkLabel} <span aria-hidden="true">→</span>
            </Link>
          ) : undefined
        }
      />
      <CardBody>{children}</CardBody>
    </Card>
  );
}

/** Loading, error and empty states of a tile's query, or its content. */
export function TileBody<T>({
  query,
  label,
  isEmpty,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null; data: T | undefined };
  label: string;
  isEmpty?: (data: T) => boolean;
  empty?: { title: ReactNode; description?: ReactNode };
  children: (data: T) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.isError) return <ErrorState title={`${label} could not be loaded`} message={query.error?.message} />;
    return (
      <LoadingState label={`Loading ${label.toLowerCase()}…`}>
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-5 w-1/2" />
      </LoadingState>
    );
  }
  if (isEmpty?.(query.data) && empty) return <EmptyState className="py-6" title={empty.title} description={empty.description} />;
  return <>{children(query.data)}</>;
}
