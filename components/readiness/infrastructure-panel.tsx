'use client';

import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { TimeAgo } from '@/components/ui/time';
import { useLiveStatus } from '@/hooks/use-live-stream';
import type { InfrastructureSnapshot, NamespaceInfra, PodInfra } from '@/lib/schemas/readiness';
import { useInfrastructure } from '@/hooks/use-readiness';
import { scopeLabel } from './status';

function PodRow({ p }: { p: PodInfra }) {
  const w = p.warnings[0];
  return (
    <Tr data-testid={`pod-${p.name}`}>
      <Td className="font-mono text-xs break-all">{p.name}</Td>
      <Td>
        {!p.counted ? (
          <Badge tone="neutral" title="Execution, finished or terminating pods do not count for readiness">
            not counted
          </Badge>
        ) : p.ready ? (
          <Badge tone="success" dot>
            Ready
          </Badge>
        ) : (
          <Badge tone="danger" dot>
            Not ready
          </Badge>
        )}
      </Td>
      <Td className="text-xs">
        {p.phase}, Ready={p.readyCondition}
        {p.readyReason ? ` (${p.readyReason})` : ''}
      </Td>
      <Td className="text-right tabular-nums">{p.restarts}</Td>
      <Td className="text-xs">
        {w ? (
          <span>
            <strong className="font-medium">{w.reason}</strong>: {w.message}
            {w.count > 1 ? ` (×${w.count})` : ''} {w.lastSeen && <TimeAgo value={w.lastSeen} className="text-fg-muted" />}
          </span>
        ) : (
          <span className="text-fg-muted">—</span>
        )}
      </Td>
    </Tr>
  );
}

function NamespaceSection({ ns }: { ns: NamespaceInfra }) {
  const notReady = ns.deployments.filter((d) => !d.ready).length + ns.pods.filter((p) => p.counted && !p.ready).length;
  return (
    <details className="rounded-md border border-line" open={notReady > 0}>
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
        Namespace <code>{ns.name}</code>: {ns.deployments.length} Deployments, {ns.pods.length} Pods
        {notReady > 0 && (
          <Badge tone="danger" className="ml-2">
            {notReady} not ready
          </Badge>
        )}
      </summary>
      <div className="space-y-3 px-3 pb-3">
        {ns.deployments.length === 0 && ns.pods.length === 0 ? (
          <p className="text-sm text-fg-muted">Nothing deployed here.</p>
        ) : null}
        {ns.deployments.length > 0 && (
          <Table aria-label={`Deployments in ${ns.name}`}>
            <THead>
              <Tr>
                <Th>Deployment</Th>
                <Th>Ready replicas</Th>
                <Th>Why not ready</Th>
              </Tr>
            </THead>
            <TBody>
              {ns.deployments.map((d) => (
                <Tr key={d.name} data-testid={`deployment-${d.name}`}>
                  <Td className="font-mono text-xs">{d.name}</Td>
                  <Td>
                    <Badge tone={d.ready ? 'success' : 'danger'} dot>
                      {d.readyReplicas}/{d.replicas}
                    </Badge>
                  </Td>
                  <Td className="text-xs">{d.reason ?? <span className="text-fg-muted">—</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {ns.pods.length > 0 && (
          <Table aria-label={`Pods in ${ns.name}`}>
            <THead>
              <Tr>
                <Th>Pod</Th>
                <Th>Readiness</Th>
                <Th>Phase and Ready condition</Th>
                <Th className="text-right">Restarts</Th>
                <Th>Latest warning</Th>
              </Tr>
            </THead>
            <TBody>
              {ns.pods.map((p) => (
                <PodRow key={p.name} p={p} />
              ))}
            </TBody>
          </Table>
        )}
      </div>
    </details>
  );
}

function Snapshot({ s }: { s: InfrastructureSnapshot }) {
  return (
    <div className="space-y-3">
      {s.reasons.length > 0 ? (
        <ul className="space-y-1" aria-label="Why the infrastructure is not ready" data-testid="infra-reasons">
          {s.reasons.map((r, i) => (
            <li key={i} className="flex items-start gap-2 text-sm">
              <Badge tone="danger" className="mt-0.5 shrink-0">
                {scopeLabel(r.scope)}
              </Badge>
              <span className="min-w-0 flex-1 break-words">
                <span className="font-medium">{r.item}</span> {r.message}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-fg-muted">Every Deployment, Pod, required CRD and Data Storage is ready.</p>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <section aria-labelledby="crds-heading">
          <h3 id="crds-heading" className="mb-1 text-xs font-semibold text-fg-muted uppercase">
            Required CRDs
          </h3>
          <ul className="space-y-1 text-sm">
            {s.crds.map((c) => (
              <li key={c.name} className="flex items-center gap-2" data-testid={`crd-${c.name}`}>
                <Badge tone={c.established ? 'success' : 'danger'} dot>
                  {c.established ? 'Established' : c.installed ? 'Not established' : 'Missing'}
                </Badge>
                <span>{c.label}</span>
                <code className="text-xs text-fg-muted">{c.name}</code>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="ds-heading">
          <h3 id="ds-heading" className="mb-1 text-xs font-semibold text-fg-muted uppercase">
            Data Storage
          </h3>
          <p className="flex items-center gap-2 text-sm" data-testid="datastorage-status">
            <Badge tone={s.dataStorage.ready ? 'success' : 'danger'} dot>
              {s.dataStorage.ready ? 'Ready' : 'Not ready'}
            </Badge>
            {s.dataStorage.message && <span className="text-fg-muted">{s.dataStorage.message}</span>}
          </p>
        </section>
      </div>
      {s.namespaces.map((ns) => (
        <NamespaceSection key={ns.name} ns={ns} />
      ))}
    </div>
  );
}

/**
 * Live readiness of the installation: the gate with the reason for every red item, then
 * CRDs, Data Storage and each namespace's Deployments and Pods. Updated from the live
 * stream (readiness.infrastructure); polled only while the stream is down.
 */
export function InfrastructurePanel() {
  const query = useInfrastructure();
  const live = useLiveStatus();
  const s = query.data;
  return (
    <Card aria-labelledby="infra-heading" data-testid="infrastructure-panel">
      <CardHeader
        title={<span id="infra-heading">Infrastructure</span>}
        description={
          s ? (
            <>
              Checked <TimeAgo value={s.checkedAt} /> · {live === 'open' ? 'live' : 'polling'}
            </>
          ) : undefined
        }
        actions={
          s ? (
            <Badge tone={s.ready ? 'success' : 'danger'} dot data-testid="infra-gate">
              {s.ready ? 'Ready' : `Not ready (${s.reasons.length})`}
            </Badge>
          ) : undefined
        }
      />
      <CardBody>
        {query.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : query.isError ? (
          <ErrorState
            title="The infrastructure could not be checked"
            message={query.error.message}
            action={<Button onClick={() => void query.refetch()}>Try again</Button>}
          />
        ) : (
          <Snapshot s={query.data} />
        )}
      </CardBody>
    </Card>
  );
}
