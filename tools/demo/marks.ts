/**
 * How the demo marks what it creates, so it can be found and removed (`--reset`), and
 * the namespaces it uses. Every Kubernetes object the demo writes carries
 * `flightdeck.dev/demo=<instance>`; injected faults also carry
 * `flightdeck.dev/demo-fault=<kind>` and a `flightdeck.dev/demo-note` annotation that says
 * what was injected and why the real controller would not have produced it.
 */
import type { ObjectMarks } from '../scenario/k8s';

export const DEMO_LABEL = 'flightdeck.dev/demo';
export const ORIGIN_LABEL = 'flightdeck.dev/demo-origin';
export const FAULT_LABEL = 'flightdeck.dev/demo-fault';
export const NOTE_ANNOTATION = 'flightdeck.dev/demo-note';

/** The default instance; tests use their own so they never touch a running demo's objects. */
export const DEFAULT_INSTANCE = 'demo';

/** Where hand-written executions live: namespaces Kubernaut's controller does not reconcile. */
export const DEMO_NAMESPACES = ['shop-payments', 'shop-checkout', 'shop-catalog', 'platform-ingress'] as const;

/** Shapes the real controller does not produce, injected on purpose and labelled as such. */
export type FaultKind = 'duplicate-selection' | 'silent-failure' | 'unknown-event-type';
export const FAULT_KINDS: readonly FaultKind[] = ['duplicate-selection', 'silent-failure', 'unknown-event-type'];

export const FAULT_NOTES: Record<FaultKind, string> = {
  'duplicate-selection': 'Injected by the demo: a controller without an idempotency guard emitted workflowexecution.selection.completed 16 times. Kubernaut v1.5.7 emits it once.',
  'silent-failure': 'Injected by the demo: the execution failed but its workflowexecution.workflow.failed event never reached Data Storage.',
  'unknown-event-type': 'Injected by the demo: an audit event of a type this Kubernaut (v1.5.7) does not know, as a newer release would write it.',
};

/** Where a demo object came from. */
export type Origin = 'backfill' | 'live' | 'fault' | 'infrastructure';

export function demoSelector(instance: string): string {
  return `${DEMO_LABEL}=${instance}`;
}

/** Labels (and for faults the annotation) of one demo object. */
export function demoMarks(instance: string, origin: Origin, fault?: FaultKind): Required<ObjectMarks> {
  return {
    labels: { [DEMO_LABEL]: instance, [ORIGIN_LABEL]: origin, ...(fault ? { [FAULT_LABEL]: fault } : {}) },
    annotations: fault ? { [NOTE_ANNOTATION]: FAULT_NOTES[fault] } : {},
  };
}
