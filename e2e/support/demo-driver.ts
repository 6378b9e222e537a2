/**
 * The demo's activity driver (tools/demo/driver.ts, what `npm run demo` runs) as a child
 * process of a spec, with an instance of its own so it never touches a running demo's
 * objects, and a watch on the executions it makes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { CONTROLLER_NAMESPACE } from '../../tools/scenario/controller';
import { demoSelector } from '../../tools/demo/marks';
import { exited } from '../../tools/demo/processes';

const DRIVER = 'tools/demo/driver.ts';

/** Runs `node --import tsx tools/demo/driver.ts <args>` from the repository root (Playwright's working directory). */
function node(args: string[], output: (text: string) => void): ChildProcess {
  // No report uploads: they compile the demo's Ginkgo suite, which is not what this tests.
  const { READINESS_INGEST_TOKEN: _token, FLIGHTDECK_URL: _url, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (b: Buffer) => output(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output(b.toString()));
  return child;
}

export class DemoDriver {
  private child: ChildProcess | null = null;
  private log = '';
  /** Epoch ms the driver was started. */
  startedAt = 0;

  constructor(readonly instance: string) {}

  /** Everything the driver (and its reset) printed, for a failing test's report. */
  get output(): string {
    return this.log;
  }

  start(args: string[]): void {
    this.startedAt = Date.now();
    this.child = node(['--instance', this.instance, ...args], (text) => (this.log += text));
  }

  /**
   * Stops the driver by its process id as Ctrl-C would (it cancels the executions still
   * running, as Tekton cancels a PipelineRun), killing it if it does not exit in time.
   */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await done;
    clearTimeout(killer);
  }

  /** `driver.ts --reset --instance <instance>`: removes every object the instance made. */
  async reset(): Promise<void> {
    const code = await exited(node(['--reset', '--instance', this.instance], (text) => (this.log += text)));
    if (code !== 0) throw new Error(`driver --reset exited with ${code}:\n${this.log}`);
  }
}

export interface FailedExecution {
  name: string;
  /** Epoch ms the watch reported the execution Failed. */
  at: number;
  reason?: string;
  failedTask?: string;
}

interface WatchedExecution {
  metadata?: { name?: string };
  status?: { phase?: string; failureDetails?: { reason?: string; failedTaskName?: string } };
}

/**
 * Watches the WorkflowExecutions of one driver instance in the controller's namespace and
 * resolves `first` with the first that reaches phase Failed, at the moment the API server
 * reports it. `ready` resolves once the watch is open: start the driver after it.
 */
export function watchFirstFailure(kc: k8s.KubeConfig, instance: string): { ready: Promise<void>; first: Promise<FailedExecution>; close(): void } {
  let resolveFirst: (f: FailedExecution) => void = () => undefined;
  let rejectFirst: (err: unknown) => void = () => undefined;
  const first = new Promise<FailedExecution>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  // A rejection nobody awaited yet (the test is still waiting for running executions) must not crash the worker.
  first.catch(() => undefined);
  let found = false;
  let closed = false;
  const opening = new k8s.Watch(kc).watch(
    `/apis/kubernaut.ai/v1alpha1/namespaces/${CONTROLLER_NAMESPACE}/workflowexecutions`,
    { labelSelector: demoSelector(instance), allowWatchBookmarks: true },
    (_type: string, obj: WatchedExecution) => {
      if (found || obj.status?.phase !== 'Failed' || !obj.metadata?.name) return;
      found = true;
      const fd = obj.status.failureDetails;
      resolveFirst({ name: obj.metadata.name, at: Date.now(), ...(fd?.reason ? { reason: fd.reason } : {}), ...(fd?.failedTaskName ? { failedTask: fd.failedTaskName } : {}) });
    },
    // The API server keeps a watch open for 30 minutes or more: an end before the first failure is an error.
    (err: unknown) => {
      if (!found && !closed) rejectFirst(new Error(`the watch on the driver's executions ended before any failed${err ? `: ${String(err)}` : ''}`));
    },
  );
  return {
    ready: opening.then(() => undefined),
    first,
    close() {
      closed = true;
      void opening.then((controller) => controller.abort()).catch(() => undefined);
    },
  };
}
