/**
 * Raw HTTP to the Kubernetes API through a KubeConfig's TLS and credentials, for what
 * the generated clients do poorly: paged lists of any path with a real abortable
 * timeout, and long-running watches that we own end to end (abort, status codes,
 * a watchdog). Query values are always encoded; paths are built from fixed segments and
 * validated Kubernetes names only.
 */
import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A failed request: HTTP status and the Kubernetes `Status.reason`, never the body verbatim. */
export class KubeHttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

interface Prepared {
  url: URL;
  options: https.RequestOptions;
  mod: typeof https | typeof http;
}

async function prepare(kc: KubeConfig, path: string, query: Record<string, string | number | boolean | undefined>, method = 'GET'): Promise<Prepared> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeHttpError(0, 'NoCluster', 'No Kubernetes cluster is configured');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  const opts: https.RequestOptions & { headers?: Record<string, string> } = { headers: {} };
  // Reads the (possibly rotated) token, client certificates and CA on every call.
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers as Record<string, string>) };
  if (opts.auth) {
    headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    delete opts.auth;
  }
  return { url, options: { ...opts, method, headers }, mod: url.protocol === 'http:' ? http : https };
}

function statusReason(body: string): { reason: string; message: string } {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; message?: unknown };
    return {
      reason: typeof parsed.reason === 'string' ? parsed.reason : 'Unknown',
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 500) : '',
    };
  } catch {
    return { reason: 'Unknown', message: '' };
  }
}

/**
 * GET a path and parse the JSON body. Rejects with KubeHttpError for non-2xx answers and
 * for timeouts (code 0, reason 'Timeout'); the socket is destroyed on timeout or abort.
 */
export function kubeGetJson<T = unknown>(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<T> {
  return kubeRequestJson<T>(kc, 'GET', path, query, { timeoutMs, ...(signal ? { signal } : {}) });
}

/** POST a JSON body (a review, for example) and parse the answer; errors as kubeGetJson. */
export function kubePostJson<T = unknown>(kc: KubeConfig, path: string, body: unknown, { timeoutMs }: { timeoutMs: number }): Promise<T> {
  return kubeRequestJson<T>(kc, 'POST', path, {}, { timeoutMs, body });
}

async function kubeRequestJson<T>(
  kc: KubeConfig,
  method: 'GET' | 'POST',
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  { timeoutMs, signal, body: payload }: { timeoutMs: number; signal?: AbortSignal; body?: unknown },
): Promise<T> {
  const { url, options, mod } = await prepare(kc, path, query, method);
  const sent = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
  if (sent) options.headers = { ...(options.headers as Record<string, string>), 'content-type': 'application/json', 'content-length': String(sent.length) };
  return new Promise<T>((resolve, reject) => {
    const req = mod.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code >= 300) {
          const { reason, message } = statusReason(body);
          reject(new KubeHttpError(code, reason, `${method} ${url.pathname} answered ${code} ${reason}${message ? `: ${message}` : ''}`));
          return;
        }
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          reject(new KubeHttpError(code, 'BadJSON', `${method} ${url.pathname} returned a body that is not JSON`));
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy(new KubeHttpError(0, 'Timeout', `${method} ${url.pathname} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => req.destroy(new KubeHttpError(0, 'Aborted', 'aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(err instanceof KubeHttpError ? err : new KubeHttpError(0, 'Network', `${method} ${url.pathname} failed: ${(err as Error).message}`));
    });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.end(sent);
  });
}

export interface WatchHandle {
  /** Closes the connection; `onDone` is called once with null. */
  abort(): void;
}

/**
 * Opens a watch (`?watch=true`) and calls `onEvent` with each parsed JSON line. `onDone`
 * is called exactly once: null when the server or `abort()` closed the stream, a
 * KubeHttpError when the server refused it (for example 410 Gone, 403 Forbidden).
 */
export function kubeWatch(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  onEvent: (event: { type?: string; object?: unknown }) => void,
  onDone: (err: Error | null) => void,
): WatchHandle {
  let finished = false;
  let req: http.ClientRequest | undefined;
  let aborted = false;
  const done = (err: Error | null) => {
    if (finished) return;
    finished = true;
    req?.destroy();
    onDone(err);
  };
  prepare(kc, path, { ...query, watch: true })
    .then(({ url, options, mod }) => {
      if (aborted) return done(null);
      req = mod.request(url, options, (res) => {
        const code = res.statusCode ?? 0;
        if (code !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const { reason, message } = statusReason(Buffer.concat(chunks).toString('utf8'));
            done(new KubeHttpError(code, reason, `WATCH ${url.pathname} answered ${code} ${reason}${message ? `: ${message}` : ''}`));
          });
          res.on('error', (e) => done(e));
          return;
        }
        res.socket?.setKeepAlive(true, 30_000);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) {
              let parsed: { type?: string; object?: unknown } | undefined;
              try {
                parsed = JSON.parse(line) as { type?: string; object?: unknown };
              } catch {
                parsed = undefined;
              }
              if (parsed && !finished) onEvent(parsed);
            }
            newline = buffer.indexOf('\n');
          }
        });
        res.on('end', () => done(null));
        res.on('close', () => done(null));
        res.on('error', (e) => done(aborted ? null : e));
      });
      req.on('error', (e) => done(aborted ? null : e));
      req.end();
    })
    .catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
  return {
    abort() {
      aborted = true;
      done(null);
    },
  };
}
