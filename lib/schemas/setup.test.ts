import { describe, expect, it } from 'vitest';
import { canIListCommand, shellWord } from './setup';

describe('canIListCommand', () => {
  it('impersonates a signed-in person with every group', () => {
    expect(canIListCommand({ kind: 'person', user: 'alice@example.com', groups: ['sre', 'on call'] }, 'payments')).toBe(
      "kubectl auth can-i list workflowexecutions.kubernaut.ai -n payments --as alice@example.com --as-group sre --as-group 'on call'",
    );
  });

  it('asks across all namespaces when Flightdeck watches the whole cluster', () => {
    expect(canIListCommand({ kind: 'person', user: 'bob', groups: [] }, null)).toBe('kubectl auth can-i list workflowexecutions.kubernaut.ai --all-namespaces --as bob');
  });

  it("uses Flightdeck's kubeconfig and context outside a cluster", () => {
    expect(canIListCommand({ kind: 'flightdeck', inCluster: false, kubeconfig: '/home/me/.kube/flight deck', context: 'kind-dev' }, 'ops')).toBe(
      "KUBECONFIG='/home/me/.kube/flight deck' kubectl auth can-i list workflowexecutions.kubernaut.ai -n ops --context kind-dev",
    );
  });

  it('names the ServiceAccount to impersonate in a cluster', () => {
    expect(canIListCommand({ kind: 'flightdeck', inCluster: true }, 'ops')).toContain('--as system:serviceaccount:<flightdeck-namespace>:<flightdeck-serviceaccount>');
  });
});

describe('shellWord', () => {
  it('quotes what a shell would split or expand', () => {
    expect(shellWord('plain-name')).toBe('plain-name');
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});
