import { CopyButton } from '@/components/ui/copy-button';
import { canIListCommand, type WatchSetup } from '@/lib/schemas/setup';

/** Commands shown at most (one per watched namespace). */
const MAX_COMMANDS = 5;

function Command({ text }: { text: string }) {
  return (
    <li className="flex items-start gap-1 rounded-md border border-line bg-surface-2 px-2 py-1">
      <code className="min-w-0 flex-1 whitespace-pre-wrap break-all text-left font-mono text-xs text-fg" data-testid="can-i-command">
        {text}
      </code>
      <CopyButton value={text} label="Copy command" />
    </li>
  );
}

/**
 * What an empty executions list teaches: which namespaces Flightdeck watches, as which
 * identity Kubernetes judges the list, and the `kubectl auth can-i` command that checks
 * that identity's permission (from the server's configuration, see lib/setup.ts).
 */
export function WatchHelp({ setup }: { setup: WatchSetup }) {
  const { identity, namespaces } = setup;
  const commands = namespaces.length ? namespaces.slice(0, MAX_COMMANDS).map((ns) => canIListCommand(identity, ns)) : [canIListCommand(identity, null)];
  return (
    <div className="space-y-2 text-left" data-testid="watch-help">
      <p>
        Flightdeck watches{' '}
        {namespaces.length ? (
          <>
            the namespace{namespaces.length > 1 ? 's' : ''} <strong className="text-fg">{namespaces.join(', ')}</strong> (WATCH_NAMESPACES)
          </>
        ) : (
          <strong className="text-fg">every namespace</strong>
        )}{' '}
        and reads them as{' '}
        {identity.kind === 'person' ? (
          <>
            you, <strong className="text-fg">{identity.user}</strong>
            {identity.groups.length ? ` (groups ${identity.groups.join(', ')})` : ''}: Kubernetes shows you the namespaces where you may list WorkflowExecutions
          </>
        ) : identity.inCluster ? (
          <strong className="text-fg">its own ServiceAccount</strong>
        ) : (
          <>
            <strong className="text-fg">its own kubeconfig</strong>
            {identity.kubeconfig ? ` (${identity.kubeconfig}${identity.context ? `, context ${identity.context}` : ''})` : ''}
          </>
        )}
        . Either Kubernaut has created no WorkflowExecution there yet, or that identity may not list them. Check with:
      </p>
      <ul className="space-y-1">
        {commands.map((c) => (
          <Command key={c} text={c} />
        ))}
      </ul>
    </div>
  );
}
