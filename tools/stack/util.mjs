// Small helpers shared by the stack modules: logging, subprocesses, files, probes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

/** An error that names the stack component it happened in, so the CLI can show its log. */
export class StackError extends Error {
  constructor(component, message, { logFile, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.component = component;
    this.logFile = logFile;
  }
}

let quiet = false;
export function setQuiet(value) {
  quiet = Boolean(value);
}

export function log(message) {
  if (!quiet) process.stdout.write(`[stack] ${message}\n`);
}

export function secondsSince(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function mkdirp(dir, mode = 0o755) {
  fs.mkdirSync(dir, { recursive: true, mode });
  return dir;
}

/**
 * Writes only when the content differs: Data Storage hot-reloads its config file and
 * watches its signer certificate, so rewriting identical bytes would trigger reloads.
 * Returns whether the file changed.
 */
export function writeIfChanged(file, content, mode = 0o644) {
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

export function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
}

/**
 * Runs a command to completion and returns its stdout; throws with stderr on failure.
 * The component name is carried into the error for the CLI's report.
 */
export function run(component, cmd, args, { combine = false, ...opts } = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
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
export function which(name, extraDirs = []) {
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
export function httpRequest(url, { method = 'GET', headers = {}, body, timeoutMs = 5000, tls } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      { method, headers, timeout: timeoutMs, agent: false, ...(tls || {}) },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
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
export function redisPing(port, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    let buf = '';
    const done = (ok) => {
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
export function portInUse(port, host = '127.0.0.1', timeoutMs = 1000) {
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
export function shellValue(value) {
  const s = String(value);
  if (/^[A-Za-z0-9_./:@%+=,-]*$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
