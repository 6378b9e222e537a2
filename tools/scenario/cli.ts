// Writes realistic Kubernaut audit events to the local stack's Data Storage (with its
// writer token) and, optionally, the matching RemediationRequest and WorkflowExecution
// (with its admin kubeconfig). For demos, manual testing and benchmarks.
//
//   npx tsx tools/scenario/cli.ts <scenario> [--id <correlation id>] [--namespace <ns>] [--count <n>] [--k8s] [--hand-written]
//
// `completed` and `failed` run through Kubernaut's real WorkflowExecution controller by
// default (in kubernaut-system, Tekton played, 15-25 s each): the execution's status and
// workflowexecution.* events are the controller's. --hand-written writes them instead,
// 20 minutes in the past, in --namespace. The other scenarios are shapes the controller
// does not produce, so they are always written by hand.
//
// Scenarios:
//   completed   a remediation across every service, ending in workflow.completed
//   failed      the same ending in workflow.failed (CRD and audit agree)
//   silent      a failed workflow whose workflow.failed event never arrived
//   duplicates  a controller that emitted selection.completed 16 times (still running)
//   future      one event of a type this Kubernaut does not know
//   bulk        --count events (default 5000) in one correlation, over the last two hours
//   demo        completed + failed + silent + duplicates + future, with --k8s implied
import { parseArgs } from 'node:util';
import {
  bulkEvents,
  futureEvent,
  remediationStory,
  runId,
  writeEvents,
  writerConfig,
  type AuditEventRequest,
  type ScenarioFailure,
  type ScenarioWorkflow,
} from './scenario';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    namespace: { type: 'string', default: 'payments' },
    count: { type: 'string', default: '5000' },
    k8s: { type: 'boolean', default: false },
    'hand-written': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const SCENARIOS = ['completed', 'failed', 'silent', 'duplicates', 'future', 'bulk', 'demo'] as const;
type Scenario = (typeof SCENARIOS)[number];
const isScenario = (s: string | undefined): s is Scenario => SCENARIOS.some((k) => k === s);
const scenario = positionals[0];
if (values.help || !isScenario(scenario)) {
  process.stderr.write(`usage: npx tsx tools/scenario/cli.ts <${SCENARIOS.join('|')}> [--id <correlation id>] [--namespace <ns>] [--count <n>] [--k8s] [--hand-written]\n`);
  process.exit(values.help ? 0 : 2);
}
function usageError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
const namespace = values.namespace;
if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) usageError(`--namespace ${namespace} is not a DNS-1123 label`);
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 100_000) usageError('--count must be a whole number from 1 to 100000');
if (values.id !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(values.id)) usageError(`--id ${values.id} is not a RemediationRequest name`);

/** One scenario: its events and, for --k8s, what its objects look like. */
interface Built {
  events: AuditEventRequest[];
  workflow?: ScenarioWorkflow;
  phase?: 'Running' | 'Completed' | 'Failed';
  rrPhase?: string;
  startedAt?: number;
  endedAt?: number;
  failure?: ScenarioFailure;
}

function build(kind: Exclude<Scenario, 'demo'>, correlationId: string): Built {
  const start = Date.now() - 20 * 60_000;
  switch (kind) {
    case 'completed':
      return { ...remediationStory({ correlationId, namespace, start, outcome: 'completed' }), phase: 'Completed', rrPhase: 'Completed' };
    case 'failed':
      return { ...remediationStory({ correlationId, namespace, start, outcome: 'failed' }), phase: 'Failed', rrPhase: 'Failed' };
    case 'silent':
      return { ...remediationStory({ correlationId, namespace, start, outcome: 'failed', withFailedEvent: false }), phase: 'Failed', rrPhase: 'Failed' };
    case 'duplicates': {
      const story = remediationStory({ correlationId, namespace, start, outcome: 'completed', selectionCount: 16 });
      const running = story.events.filter((e) => !['workflowexecution.workflow.completed', 'orchestrator.lifecycle.completed', 'notification.message.sent', 'effectiveness.assessment.completed'].includes(e.event_type));
      return { ...story, events: running, phase: 'Running', rrPhase: 'Executing', endedAt: undefined };
    }
    case 'future':
      return { events: [futureEvent({ correlationId, namespace, at: Date.now() - 1_000 })] };
    case 'bulk':
      return { events: bulkEvents({ correlationId, namespace, count }) };
    default:
      throw new Error(`unknown scenario ${kind}`);
  }
}

async function main(kind: Scenario): Promise<void> {
  const writer = writerConfig();
  const kinds: Exclude<Scenario, 'demo'>[] = kind === 'demo' ? ['completed', 'failed', 'silent', 'duplicates', 'future'] : [kind];
  const withK8s = values.k8s || kind === 'demo';
  // Loaded only with --k8s: it pulls in @kubernetes/client-node.
  const k8s = withK8s ? await import('./k8s') : undefined;
  const clients = k8s?.adminClients();
  if (k8s && clients) await k8s.ensureNamespace(clients, namespace);
  const run = runId();
  for (const one of kinds) {
    const correlationId = values.id && kinds.length === 1 ? values.id : `rr-${one}-${run}`;
    if ((one === 'completed' || one === 'failed') && !values['hand-written']) {
      const { remediationThroughController } = await import('./controller');
      const real = await remediationThroughController(clients ?? (await import('./k8s')).adminClients(), writer, { correlationId, outcome: one });
      process.stdout.write(`${one}: ${real.written} events in correlation ${correlationId} + WorkflowExecution ${real.execution} run by Kubernaut's controller (${real.phase})\n`);
      continue;
    }
    const s = build(one, correlationId);
    const ids = await writeEvents(s.events, writer);
    let objects = '';
    if (k8s && clients && s.workflow) {
      await k8s.createRemediationRequest(clients, { namespace, name: correlationId, overallPhase: s.rrPhase });
      await k8s.createWorkflowExecution(clients, s.workflow, { phase: s.phase, startedAt: s.startedAt, endedAt: s.endedAt, failure: s.phase === 'Failed' ? s.failure : undefined });
      objects = ` + RemediationRequest and WorkflowExecution ${namespace}/${s.workflow.name}`;
    }
    process.stdout.write(`${one}: ${ids.length} events in correlation ${correlationId}${objects}\n`);
  }
}

main(scenario).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
