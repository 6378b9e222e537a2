// Small helpers shared by the stack modules: logging, subprocesses, files, probes.
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** An error that names the stack component it happened in, so the CLI can show its log. */
export class StackError extends Error {
  readonly component: string;
  readonly logFile: string | undefined;

  constructor(component: string, message: string, { logFile, cause }: { logFile?: string; cause?: unknown } = {}) {
    super(message, cause ? { cause } : undefined);
    this.component = component;
    this.logFile = logFile;
  }
}

/** The message of anything thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let quiet = false;
export function setQuiet(value: boolean): void {
  quiet = Boolean(value);
}

export function log(message: string): void {
  if (!quiet) process.stdout.write(`[stack] ${message}\n`);
}

export function secondsSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function mkdirp(dir: string, mode = 0o755): string {
  fs.mkdirSync(dir, { recursive: true, mode });
  return dir;
}

/**
 * Writes only when the content differs: Data Storage hot-reloads its config file and
 * watches its signer certificate, so rewriting identical bytes would trigger reloads.
 * Returns whether the file changed.
 */
export function writeIfChanged(file: string, content: string, mode = 0o644): boolean {
  try {
    if (fs.readFileSync(file, 'utf8') === content) {
      fs.chmodSync(file, mode);
      return false;
    }
  } catch {
    // missing: write it
  }
  mkdirp(path.dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
  return true;
}

/** Parsed JSON of a file the stack itself wrote, or the fallback when it is missing or broken. */
export function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/**
 * Runs a command to completion and returns its stdout; throws with stderr on failure.
 * The component name is carried into the error for the CLI's report.
 */
export interface RunOptions extends Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> {
  /** Return stdout followed by stderr (some tools, goose, report progress on stderr). */
  combine?: boolean;
}

export function run(component: string, cmd: string, args: string[], { combine = false, ...opts }: RunOptions = {}): string {
  const res = spawnSync(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...opts, encoding: 'utf8' });
  if (res.error) {
    throw new StackError(component, `${cmd}: ${res.error.message}`);
  }
  if (res.status !== 0) {
    const output = `${res.stderr || ''}${res.stdout || ''}`.trim().split('\n').slice(-30).join('\n');
    throw new StackError(component, `${path.basename(cmd)} ${args.join(' ')} exited with ${res.status ?? res.signal}\n${output}`);
  }
  // Some tools (goose) report progress on stderr.
  return combine ? `${res.stdout}${res.stderr}` : res.stdout;
}

/** Finds an executable on PATH (plus extra directories), or null. */
export function which(name: string, extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH || '').split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/**
 * One HTTP(S) request with a hard timeout. Resolves {status, headers, body} for any
 * status code and rejects only on transport errors, so callers decide what "healthy" is.
 */
export interface HttpOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  timeoutMs?: number;
  tls?: Pick<https.RequestOptions, 'ca' | 'cert' | 'key'>;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(url: string, { method = 'GET', headers = {}, body, timeoutMs = 5000, tls }: HttpOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      { method, headers, timeout: timeoutMs, agent: false, ...(tls || {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Redis PING over a raw socket: avoids a client dependency for one health probe. */
export function redisPing(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    sock.on('error', () => done(false));
  });
}

/** True when something accepts TCP connections on the port. */
export function portInUse(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.setTimeout(timeoutMs, () => {
      sock.destroy();
      resolve(false);
    });
    sock.on('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => resolve(false));
  });
}

/** Single-quotes a value for a POSIX shell only when it needs it. */
export function shellValue(value: string): string {
  const s = String(value);
  if (/^[A-Za-z0-9_./:@%+=,-]*$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A minimal environment for children, so the caller's KUBECONFIG, PG*, TLS_CA_FILE... never leak in. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME || os.homedir(), LANG: 'C.UTF-8', TZ: 'UTC', ...extra };
  // Next's types declare NODE_ENV as always set; the stack's children deliberately get none.
  return env as NodeJS.ProcessEnv;
}
