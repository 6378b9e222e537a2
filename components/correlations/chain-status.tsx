'use client';

/**
 * Hash-chain verification of the correlation: Data Storage recomputing every hash (its
 * signed export, or verify-chain when Flightdeck may call it), said plainly when neither
 * answers; and, always, the server's check that every loaded event points at its
 * predecessor.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Spinner } from '@/components/ui/states';
import { chainVerificationQuery } from '@/lib/queries/audit';
import type { ChainLinks } from '@/lib/schemas/audit';

/** `links`: the server's check of the links between the loaded events (lib/audit/chain). */
export function ChainStatus({ correlationId, links }: { correlationId: string; links: ChainLinks }) {
  // Verification has Data Storage re-hash the whole correlation: start it once the page
  // has rendered, so it does not compete with the timeline for the first paint.
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = setTimeout(() => setIdle(true), 300);
      return () => clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(() => setIdle(true), { timeout: 1_500 });
    return () => window.cancelIdleCallback(handle);
  }, []);
  const verify = useQuery({
    ...chainVerificationQuery(correlationId),
    enabled: idle,
  });
  const v = verify.data;

  return (
    <div className="space-y-1 text-xs" data-testid="chain-status">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Data Storage verification:</span>
        {verify.isPending ? (
          <Spinner label="Verifying the hash chain" />
        ) : verify.isError ? (
          <Badge tone="neutral">not available</Badge>
        ) : v?.status === 'valid' ? (
          <Badge tone="success" dot>
            intact · {v.verifiedEvents}/{v.totalEvents} hashes recomputed
          </Badge>
        ) : v?.status === 'invalid' ? (
          <Badge tone="danger" dot>
            tampering detected · {v.tampered.length} event(s)
          </Badge>
        ) : (
          <Badge tone="neutral">not available</Badge>
        )}
        {v?.status === 'unavailable' && <span className="text-fg-muted">{v.reason}</span>}
        {(v?.status === 'valid' || v?.status === 'invalid') && (
          <span className="text-fg-muted" data-testid="chain-source">
            {v.source === 'export' ? 'signed export' : 'verify-chain'}
            {v.signature?.algorithm ? ` · ${v.signature.algorithm}` : ''}
            {v.signature?.certificateFingerprint ? ` · certificate ${v.signature.certificateFingerprint.slice(0, 23)}…` : ''}
            {v.skippedNullHash ? ` · ${v.skippedNullHash} event(s) without a hash` : ''}
          </span>
        )}
        {verify.isError && <span className="text-fg-muted">{verify.error instanceof Error ? verify.error.message : ''}</span>}
      </p>
      {v?.status === 'invalid' && (
        <ul className="list-disc pl-5 text-red-800 dark:text-red-300">
          {v.tampered.slice(0, 10).map((t, i) => (
            <li key={t.eventId ?? i}>
              {t.eventId ?? 'event'}: {t.message ?? 'hash mismatch'}
            </li>
          ))}
        </ul>
      )}
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Links between loaded events:</span>
        {links.breaks.length === 0 ? (
          <Badge tone="success" dot>
            {links.linked}/{links.checked} linked
          </Badge>
        ) : (
          <Badge tone="danger" dot>
            {links.breaks.length} broken link(s)
          </Badge>
        )}
        <span className="text-fg-muted">
          {links.startsMidChain ? 'Starts mid-chain (older events not loaded). ' : ''}
          {links.unhashed ? `${links.unhashed} event(s) without a hash. ` : ''}
          Checked by Flightdeck from the stored hash links.
        </span>
      </p>
    </div>
  );
}
