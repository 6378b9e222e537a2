'use client';

/**
 * /correlations: open a correlation by id, or pick one of those with audit events in the
 * last 24 hours (grouped from the newest 500 events).
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/api-client';
import { auditEventsQuery } from '@/lib/queries/audit';
import { formatPrecise } from '@/components/audit/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/form';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { correlationIdSchema } from '@/lib/schemas/audit';
import { DataStorageNote } from '@/components/audit/data-storage-note';

const RECENT = 'since=24h&limit=500';

interface Row {
  id: string;
  last: string;
  first: string;
  count: number;
  failures: number;
  services: Set<string>;
}

export function CorrelationIndex({ dataStorage }: { dataStorage?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({
    ...auditEventsQuery(RECENT),
  });

  const rows = useMemo(() => {
    const map = new Map<string, Row>();
    for (const e of query.data?.items ?? []) {
      let r = map.get(e.correlationId);
      if (!r) {
        r = { id: e.correlationId, last: e.timestamp, first: e.timestamp, count: 0, failures: 0, services: new Set() };
        map.set(e.correlationId, r);
      }
      r.count++;
      r.first = e.timestamp;
      if (e.outcome === 'failure') r.failures++;
      r.services.add(e.service);
    }
    return [...map.values()].slice(0, 50);
  }, [query.data]);

  function open(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const value = String(new FormData(ev.currentTarget).get('id') ?? '').trim();
    const parsed = correlationIdSchema.safeParse(value);
    if (!parsed.success) {
      setError(`The id ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
      return;
    }
    router.push(`/correlations/${encodeURIComponent(parsed.data)}`);
  }

  return (
    <div className="space-y-4">
      <form onSubmit={open} className="flex max-w-xl flex-wrap items-end gap-2" aria-label="Open a correlation">
        <Field label="Correlation id (the RemediationRequest name)" className="flex-1 font-medium">
          <Input name="id" data-page-search required aria-invalid={error ? true : undefined} aria-describedby={error ? 'corr-id-error' : undefined} className="font-mono" autoComplete="off" />
        </Field>
        <Button type="submit" variant="primary">
          Open timeline
        </Button>
        {error && (
          <p id="corr-id-error" role="alert" className="w-full text-xs text-red-800 dark:text-red-300">
            {error}
          </p>
        )}
      </form>

      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-sm font-semibold">
          Active in the last 24 hours
        </h2>
        {query.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : query.isError ? (
          <ErrorState title="Recent correlations could not be loaded" message={errorMessage(query.error)} action={<Button onClick={() => query.refetch()}>Try again</Button>} />
        ) : rows.length === 0 ? (
          <EmptyState title="No audit events in the last 24 hours" description={<>Open a correlation by id above, or search older events in the audit explorer.<DataStorageNote url={dataStorage} /></>} />
        ) : (
          <Table aria-label="Recent correlations">
            <THead>
              <tr>
                <Th>Correlation</Th>
                <Th>Latest event (UTC)</Th>
                <Th>Events</Th>
                <Th>Services</Th>
                <Th>Failures</Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Link href={`/correlations/${encodeURIComponent(r.id)}`} className="font-mono text-xs text-accent hover:underline">
                      {r.id}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{formatPrecise(r.last).slice(0, 19)}</Td>
                  <Td className="text-xs">{r.count}</Td>
                  <Td className="text-xs">{[...r.services].join(', ')}</Td>
                  <Td>{r.failures ? <Badge tone="danger">{r.failures}</Badge> : <span className="text-xs text-fg-muted">0</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
