// The registry of the stack's components, in start order: `up` ensures each in turn,
// `down` stops the processes in reverse. A new component is one module plus one line here.
import { authwebhook } from './authwebhook';
import type { ProcessComponent, StackComponent } from './component';
import { crds } from './crds';
import { databases } from './databases';
import { datastorage } from './datastorage';
import { identities } from './identities';
import { kubeApiserver } from './kube-apiserver';
import { postgres } from './postgres';
import { redis } from './redis';
import { workflowCatalog } from './workflow-catalog';
import { workflowexecution } from './workflowexecution';

export const COMPONENTS: readonly StackComponent[] = [
  kubeApiserver,
  crds,
  postgres,
  redis,
  databases,
  identities,
  datastorage,
  // Kubernaut's controllers (STACK_CONTROLLERS=0 leaves them out): the catalog they read,
  // the webhook before the controller, so its first status writes are already attributed.
  workflowCatalog,
  authwebhook,
  workflowexecution,
];

/** Whether `up` runs it (components without the switch always run). */
export const isEnabled = (c: StackComponent): boolean => c.enabled?.() ?? true;

export const PROCESSES: readonly ProcessComponent[] = COMPONENTS.filter((c): c is ProcessComponent => c.kind === 'process');

/** A process component by its name or an alias; throws naming the choices. */
export function processByName(name: string): ProcessComponent {
  const c = PROCESSES.find((p) => p.name === name || p.aliases?.includes(name));
  if (!c) throw new Error(`unknown component "${name}" (one of ${PROCESSES.map((p) => p.name).join(', ')})`);
  return c;
}
