// The shared shape of the stack's components. A component is either a long-running
// process (started detached, tracked by a pid file, probed for health) or a setup step
// that converges state on processes started before it (CRDs, databases, identities).
// `up` walks the registry (./index.ts) in order; stop runs the processes in reverse.
import type { Binaries } from '../build';
import type { CertName } from '../certs';
import type { SpawnSpec, StopOptions } from '../proc';

/** What `up` prepared before it reached the components. */
export interface UpContext {
  bins: Binaries;
  /** Certificates and keys regenerated in this run: processes that loaded them restart. */
  changedCerts: ReadonlySet<CertName>;
}

/** One line of `stack status`. */
export interface StatusRow {
  name: string;
  up: boolean;
  detail: string;
}

export interface ProcessComponent {
  kind: 'process';
  name: string;
  /** Other names the CLI accepts (`stack stop ds`). */
  aliases?: readonly string[];
  /** The executable's name or path, to recognise the tracked process (see proc.isRunning). */
  exe: string;
  /** Every port it listens on: a port taken by a stranger fails the start early. */
  ports: readonly number[];
  /** Components that must be up before a lone `stack start <name>`. */
  needs: readonly string[];
  /** Where it answers, for status lines. */
  endpoint: string;
  /** How long `up` waits for a running but not yet healthy process before replacing it. */
  reuseWaitMs: number;
  startTimeoutMs: number;
  stopOpts: StopOptions;
  healthy(): Promise<boolean>;
  /** The command line; its cwd also identifies an orphan whose pid file was lost. */
  command(): SpawnSpec;
  /** Runs before a start: directories, config files, first-time initialisation. */
  prepare?(): void | Promise<void>;
  /** Finds its own running process when the pid file is lost (e.g. postmaster.pid). */
  adopt?(): number | null;
  /**
   * Called by `up` before reuse: brings what the process reads at start up to date and
   * returns why a running process must restart to see it, or null.
   */
  outdated?(ctx: UpContext): string | null;
  /** Runs after a lone `stack start <name>` made it healthy. */
  afterStart?(): Promise<void>;
  /** False when the stack runs without it (see config.controllersEnabled); default true. */
  enabled?(): boolean;
  /** Undoes what it set up outside its process, when `up` runs with it disabled. */
  disable?(): Promise<void>;
}

export interface SetupStep {
  kind: 'setup';
  name: string;
  ensure(ctx: UpContext): Promise<void> | void;
  /** Status lines; `healthy` tells which processes are up (a step may depend on them). */
  status?(healthy: (name: string) => boolean): Promise<StatusRow[]>;
  /** False when the stack runs without it; default true. */
  enabled?(): boolean;
}

export type StackComponent = ProcessComponent | SetupStep;
