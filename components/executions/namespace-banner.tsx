import type { NamespaceStatus } from '@/lib/schemas/executions';

/**
 * Says which namespaces (and resources) Flightdeck cannot read, so a missing execution is
 * explained instead of silently absent. Nothing is shown when every watch is healthy.
 */
export function NamespaceBanner({ namespaces }: { namespaces: NamespaceStatus[] }) {
  const problems = namespaces.filter((n) => n.status === 'forbidden' || n.status === 'error');
  if (problems.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="namespace-banner"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <p className="font-medium">Some namespaces cannot be read; their executions are missing from this list.</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((n) => (
          <li key={`${n.namespace}/${n.resource}`}>
            <span className="font-mono">{n.namespace === '*' ? 'all namespaces' : n.namespace}</span> ({n.resource}):{' '}
            {n.status === 'forbidden' ? 'access denied' : 'error'}
            {n.message ? ` — ${n.message}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
