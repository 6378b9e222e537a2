import { describe, expect, it } from 'vitest';
import { COMPONENTS, PROCESSES, isEnabled, processByName } from './index';

describe('stack component registry', () => {
  it('starts what a process needs before the process', () => {
    const order = COMPONENTS.map((c) => c.name);
    for (const p of PROCESSES) {
      for (const dep of p.needs) {
        expect(order.indexOf(dep), `${p.name} needs ${dep}`).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(dep), `${p.name} needs ${dep}`).toBeLessThan(order.indexOf(p.name));
      }
    }
  });

  it('has unique names and aliases, and no port twice', () => {
    const names = COMPONENTS.flatMap((c) => [c.name, ...(c.kind === 'process' ? (c.aliases ?? []) : [])]);
    expect(new Set(names).size).toBe(names.length);
    const ports = PROCESSES.flatMap((p) => p.ports);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('finds processes by name or alias, and names the choices otherwise', () => {
    expect(processByName('ds').name).toBe('datastorage');
    expect(processByName('etcd').name).toBe('kube-apiserver');
    expect(processByName('redis').name).toBe('redis');
    expect(processByName('wfe').name).toBe('workflowexecution');
    expect(() => processByName('crds')).toThrow(/one of kube-apiserver, postgres, redis, datastorage, authwebhook, workflowexecution/);
  });

  it("starts Kubernaut's controllers after Data Storage and the catalog they read, and lets STACK_CONTROLLERS=0 leave them out", () => {
    const order = COMPONENTS.map((c) => c.name);
    expect(order.slice(-3)).toEqual(['workflow-catalog', 'authwebhook', 'workflowexecution']);
    const saved = process.env.STACK_CONTROLLERS;
    try {
      process.env.STACK_CONTROLLERS = '0';
      expect(COMPONENTS.filter((c) => !isEnabled(c)).map((c) => c.name)).toEqual(['workflow-catalog', 'authwebhook', 'workflowexecution']);
      delete process.env.STACK_CONTROLLERS;
      expect(COMPONENTS.every(isEnabled)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.STACK_CONTROLLERS;
      else process.env.STACK_CONTROLLERS = saved;
    }
  });
});
