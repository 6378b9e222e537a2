import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { WatchHelp } from './watch-help';

describe('WatchHelp', () => {
  it('names the watched namespaces, the person Kubernetes judges and a copyable check per namespace', () => {
    render(<WatchHelp setup={{ namespaces: ['payments', 'billing'], identity: { kind: 'person', user: 'alice', groups: ['sre'] } }} />);
    const help = screen.getByTestId('watch-help');
    expect(help.textContent).toContain('payments, billing');
    expect(help.textContent).toContain('alice');
    expect(screen.getAllByTestId('can-i-command').map((c) => c.textContent)).toEqual([
      'kubectl auth can-i list workflowexecutions.kubernaut.ai -n payments --as alice --as-group sre',
      'kubectl auth can-i list workflowexecutions.kubernaut.ai -n billing --as alice --as-group sre',
    ]);
    expect(screen.getAllByRole('button', { name: 'Copy command' })).toHaveLength(2);
  });

  it("says Flightdeck reads every namespace as its own ServiceAccount", () => {
    render(<WatchHelp setup={{ namespaces: [], identity: { kind: 'flightdeck', inCluster: true } }} />);
    expect(screen.getByTestId('watch-help').textContent).toMatch(/every namespace.*its own ServiceAccount/);
    expect(screen.getByTestId('can-i-command').textContent).toContain('--all-namespaces');
  });
});
