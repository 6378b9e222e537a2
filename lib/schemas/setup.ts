/**
 * What the teaching empty states say about Flightdeck's own set-up: which namespaces it
 * watches, as which identity, how to check that identity's permissions, and which Data
 * Storage it asks. Built on the server from its configuration (lib/setup.ts), never from
 * the request; pure helpers here so the browser and tests share them.
 */

/** Who Kubernetes judges the executions list for. */
export type ReaderIdentity =
  /** A signed-in person (proxy or token mode): Flightdeck reads as them. */
  | { kind: 'person'; user: string; groups: string[] }
  /** Flightdeck's own identity: its Pod's ServiceAccount, or a kubeconfig's context. */
  | { kind: 'flightdeck'; inCluster: boolean; kubeconfig?: string; context?: string };

export interface WatchSetup {
  /** Namespaces watched; empty: every namespace (one cluster-wide watch). */
  namespaces: string[];
  identity: ReaderIdentity;
}

/** Single-quotes a shell word unless it is plainly safe. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `kubectl auth can-i` command that asks Kubernetes whether the reader may list
 * WorkflowExecutions in `namespace` (null: across all namespaces), as Flightdeck asks it.
 */
export function canIListCommand(identity: ReaderIdentity, namespace: string | null): string {
  const parts = ['kubectl', 'auth', 'can-i', 'list', 'workflowexecutions.kubernaut.ai', ...(namespace ? ['-n', shellWord(namespace)] : ['--all-namespaces'])];
  if (identity.kind === 'person') {
    parts.push('--as', shellWord(identity.user));
    for (const g of identity.groups) parts.push('--as-group', shellWord(g));
    return parts.join(' ');
  }
  if (identity.inCluster) {
    // The Pod's ServiceAccount: its name is in the Deployment (the Helm chart names it).
    parts.push('--as', 'system:serviceaccount:<flightdeck-namespace>:<flightdeck-serviceaccount>');
    return parts.join(' ');
  }
  if (identity.context) parts.push('--context', shellWord(identity.context));
  const command = parts.join(' ');
  return identity.kubeconfig ? `KUBECONFIG=${shellWord(identity.kubeconfig)} ${command}` : command;
}
