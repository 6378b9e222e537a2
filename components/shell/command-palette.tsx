'use client';

/**
 * The command palette (Ctrl/⌘-K): jump to an execution by part of its name (searched on
 * the server, so it covers every execution the person may list, not only a loaded page),
 * to a remediation's correlation (the RemediationRequests of the executions found, or
 * the typed id itself), to a service of the readiness matrix, or to a page. A modal
 * <dialog>: the rest of the page is inert while it is open, Escape closes it and focus
 * returns where it was.
 */
import { useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { errorMessage } from '@/lib/api-client';
import { executionSearchQuery } from '@/lib/queries/executions';
import { readinessOverviewQuery } from '@/lib/queries/readiness';
import { correlationIdSchema } from '@/lib/schemas/audit';
import type { ExecutionSummary } from '@/lib/schemas/executions';
import { PhaseBadge } from '@/components/executions/phase-badge';
import { serviceAnchor } from '@/components/readiness/status';
import { NAV_ITEMS } from './nav-links';

/** Pause after typing before the server is asked. */
export const SEARCH_DEBOUNCE_MS = 200;
/** The longest name the executions API accepts (a Kubernetes object name). */
const MAX_NAME = 253;

const PAGES = [{ href: '/', label: 'Overview' }, ...NAV_ITEMS] as const;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const executionHref = (e: Pick<ExecutionSummary, 'namespace' | 'name'>) => `/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.name)}`;
const correlationHref = (id: string) => `/correlations/${encodeURIComponent(id)}`;

/** The modal palette; its content mounts on open, so each opening starts empty. */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <ModalDialog open={open} onClose={onClose} aria-label="Command palette" data-testid="command-palette" className="mt-[12vh] w-[min(40rem,calc(100vw-2rem))]">
      <PaletteContent onClose={onClose} />
    </ModalDialog>
  );
}

function PaletteContent({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState('');
  // The highlighted result: cleared when the text changes, so the first result is.
  const [selected, setSelected] = useState('');
  const typed = text.trim();
  const term = useDebounced(typed.toLowerCase().slice(0, MAX_NAME), SEARCH_DEBOUNCE_MS);
  const executions = useQuery(executionSearchQuery(term));
  const readiness = useQuery({ ...readinessOverviewQuery(null), staleTime: 30_000 });

  const go = (href: string) => {
    onClose();
    router.push(href);
  };

  const needle = typed.toLowerCase();
  const pages = PAGES.filter((p) => p.label.toLowerCase().includes(needle) || p.href.includes(needle));
  const services = (readiness.data?.services ?? []).filter((s) => !needle || s.service.toLowerCase().includes(needle)).slice(0, 8);
  const found = term ? (executions.data?.items ?? []) : [];
  const remediations = [...new Set(found.flatMap((e) => (e.remediation?.name ? [e.remediation.name] : [])))];
  const typedCorrelation = typed && correlationIdSchema.safeParse(typed).success && !remediations.includes(typed) ? typed : null;
  const hrefs = [
    ...found.map(executionHref),
    ...remediations.map(correlationHref),
    ...services.map((s) => `/readiness#${serviceAnchor(s.service)}`),
    ...pages.map((p) => p.href),
    // Last: the typed text taken as a correlation id, whatever else matched.
    ...(typedCorrelation ? [correlationHref(typedCorrelation)] : []),
  ];
  const searching = typed !== '' && (term !== typed.toLowerCase().slice(0, MAX_NAME) || executions.isFetching);

  return (
    <Command
      label="Command palette"
      shouldFilter={false}
      loop
      // Its Ctrl-J/K/N/P bindings would take Ctrl-K, which closes the palette.
      vimBindings={false}
      value={hrefs.includes(selected) ? selected : (hrefs[0] ?? '')}
      onValueChange={setSelected}
      className="flex max-h-[70vh] flex-col"
    >
      <div className="flex items-center gap-2 border-b border-line px-3">
        <span aria-hidden="true" className="text-fg-muted">
          ⌕
        </span>
        <Command.Input
          value={text}
          onValueChange={(value) => {
            setText(value);
            setSelected('');
          }}
          data-autofocus
          placeholder="Jump to an execution, remediation, service or page…"
          className="h-11 w-full bg-transparent text-sm text-fg outline-none placeholder:text-fg-muted"
          data-testid="command-palette-input"
        />
        <kbd className="rounded border border-line px-1.5 text-xs text-fg-muted">Esc</kbd>
      </div>
      <Command.List className="overflow-y-auto p-1" label="Results">
        {searching && <Command.Loading label="Searching executions">Searching executions…</Command.Loading>}
        <Command.Empty className="px-3 py-6 text-center text-sm text-fg-muted">{searching ? 'Searching…' : 'Nothing matches.'}</Command.Empty>
        {found.length > 0 && (
          <Group heading="Executions">
            {found.map((e) => (
              <Item key={e.uid} value={executionHref(e)} onSelect={go} testId="palette-execution">
                <span className="min-w-0 flex-1 truncate">
                  <span className="font-medium">{e.name}</span> <span className="font-mono text-xs text-fg-muted">{e.namespace}</span>
                </span>
                <PhaseBadge phase={e.phase} rawPhase={e.rawPhase} invalid={Boolean(e.invalid)} />
              </Item>
            ))}
          </Group>
        )}
        {remediations.length > 0 && (
          <Group heading="Remediations (correlations)">
            {remediations.map((id) => (
              <Item key={id} value={correlationHref(id)} onSelect={go} testId="palette-remediation">
                <span className="truncate font-mono text-xs">{id}</span>
              </Item>
            ))}
          </Group>
        )}
        {services.length > 0 && (
          <Group heading="Services">
            {services.map((s) => (
              <Item key={s.service} value={`/readiness#${serviceAnchor(s.service)}`} onSelect={go} testId="palette-service">
                <span className="flex-1 truncate">{s.service}</span>
                <span className="text-xs text-fg-muted">{s.ready ? 'ready' : 'not ready'}</span>
              </Item>
            ))}
          </Group>
        )}
        {pages.length > 0 && (
          <Group heading="Pages">
            {pages.map((p) => (
              <Item key={p.href} value={p.href} onSelect={go} testId="palette-page">
                {p.label}
              </Item>
            ))}
          </Group>
        )}
        {typedCorrelation && (
          <Group heading="Correlation id">
            <Item value={correlationHref(typedCorrelation)} onSelect={go} testId="palette-correlation-id">
              <span className="truncate">
                Open correlation <span className="font-mono text-xs">{typedCorrelation}</span>
              </span>
            </Item>
          </Group>
        )}
        {executions.isError && term && (
          <p role="status" className="px-3 py-2 text-xs text-fg-muted">
            Executions could not be searched: {errorMessage(executions.error)}
          </p>
        )}
      </Command.List>
    </Command>
  );
}

function Group({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Command.Group heading={heading} className="py-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-fg-muted">
      {children}
    </Command.Group>
  );
}

/** One result: `value` is where it leads (unique, and what Enter opens). */
function Item({ value, onSelect, testId, children }: { value: string; onSelect: (href: string) => void; testId: string; children: ReactNode }) {
  return (
    <Command.Item
      value={value}
      onSelect={() => onSelect(value)}
      className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm data-[selected=true]:bg-surface-2 data-[selected=true]:text-fg"
      data-testid={testId}
      data-href={value}
    >
      {children}
    </Command.Item>
  );
}
