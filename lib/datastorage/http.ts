/**
 * Transport to Kubernaut Data Storage: base URL from server configuration only (never
 * from a request), a bearer token re-read from its file when the file changes (projected
 * ServiceAccount tokens rotate), per-call timeouts, retries with backoff for reads, and
 * RFC 7807 problems mapped to AppError.
 */
import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../errors';
import { env } from '../env';
import type { RequestIdentity } from '../identity';
import { log } from '../log';
import { recordDataStorageCall } from '../metrics';

interface CachedToken {
  path: string;
  mtimeMs: number;
  value: string;
  checkedAt: number;
}

let token: CachedToken | undefined;
/** How often the file's mtime is checked; kubelet rotates well before expiry. */
const TOKEN_RECHECK_MS = 5_000;

/** Reads the Data Storage bearer token, re-reading the file when it changed. */
export async function dataStorageToken(now = Date.now()): Promise<string> {
  const path = env().DATASTORAGE_TOKEN_FILE;
  if (token && token.path === path && now - token.checkedAt < TOKEN_RECHECK_MS) return token.value;
  try {
    const info = await stat(path);
    if (!token || token.path !== path || token.mtimeMs !== info.mtimeMs) {
      const value = (await readFile(path, 'utf8')).trim();
      if (!value) throw new Error('token file is empty');
      token = { path, mtimeMs: info.mtimeMs, value, checkedAt: now };
    } else {
      token.checkedAt = now;
    }
    return token.value;
  } catch (err) {
    throw new AppError('unavailable:datastorage', `The Data Storage token file (DATASTORAGE_TOKEN_FILE) could not be read.`, { cause: err });
  }
}

export interface DsRequest {
  method?: 'GET' | 'POST';
  /** A fixed API path such as `/api/v1/audit/events`; never built from request input. */
  path: `/api/${string}`;
  query?: URLSearchParams;
  body?: unknown;
  /** Reads are retried on network errors and 502/503/504; writes are not. */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DsResponse<T = unknown> {
  status: number;
  body: T;
  durationMs: number;
}

const RETRYABLE = new Set([502, 503, 504]);

/** Performs one Data Storage call as `identity`, returning the parsed JSON body. */
export async function dsFetch<T = unknown>(identity: RequestIdentity, req: DsRequest): Promise<DsResponse<T>> {
  const e = env();
  const method = req.method ?? 'GET';
  const url = new URL(e.DATASTORAGE_URL + req.path);
  if (req.query) url.search = req.query.toString();
  const retries = req.retries ?? (method === 'GET' ? 2 : 0);
  let attempt = 0;
  for (;;) {
    const started = performance.now();
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(req.timeoutMs ?? e.DATASTORAGE_TIMEOUT_MS), ...(req.signal ? [req.signal] : [])]);
      const res = await fetch(url, {
        method,
        signal,
        headers: {
          authorization: `Bearer ${await dataStorageToken()}`,
          accept: 'application/json, application/problem+json',
          'x-request-id': identity.requestId,
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        cache: 'no-store',
      });
      const durationMs = performance.now() - started;
      recordDataStorageCall(res.ok ? 'ok' : res.status >= 500 ? 'server_error' : 'client_error', durationMs / 1000);
      if (RETRYABLE.has(res.status) && attempt < retries) {
        await res.body?.cancel();
        await backoff(attempt++);
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw problemToAppError(res.status, res.headers.get('content-type'), text, req.path);
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, durationMs };
    } catch (err) {
      if (err instanceof AppError) throw err;
      // A SyntaxError comes from a body whose call was already counted.
      if (!(err instanceof SyntaxError)) recordDataStorageCall((err as { name?: string })?.name === 'TimeoutError' ? 'timeout' : 'network_error', (performance.now() - started) / 1000);
      if (req.signal?.aborted) throw new AppError('unavailable:datastorage', 'The request was cancelled.', { cause: err });
      const timedOut = (err as { name?: string })?.name === 'TimeoutError';
      if (!timedOut && attempt < retries) {
        await backoff(attempt++);
        continue;
      }
      if (err instanceof SyntaxError) throw new AppError('upstream:datastorage', 'Data Storage returned a body that is not JSON.', { cause: err });
      throw timedOut
        ? new AppError('timeout:datastorage', `Data Storage did not answer within ${req.timeoutMs ?? e.DATASTORAGE_TIMEOUT_MS} ms.`, { cause: err })
        : new AppError('unavailable:datastorage', 'Data Storage is unreachable.', { cause: err, headers: { 'retry-after': '5' } });
    }
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(2_000, 150 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Maps a Data Storage error answer (RFC 7807 when it can) to an AppError. */
export function problemToAppError(status: number, contentType: string | null, text: string, path: string): AppError {
  let detail: string | undefined;
  if (contentType?.includes('json')) {
    try {
      const p = JSON.parse(text) as { detail?: unknown; title?: unknown };
      detail = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : undefined;
    } catch {
      /* fall through to the generic message */
    }
  }
  log.warn('datastorage error', { status, path, detail });
  const suffix = detail ? `: ${detail.slice(0, 300)}` : '';
  if (status === 400 || status === 422) return new AppError('bad_request:datastorage', `Data Storage rejected the query${suffix}`);
  if (status === 401) return new AppError('unavailable:datastorage', `Data Storage rejected Flightdeck's token (401)${suffix}`);
  if (status === 403) return new AppError('forbidden:datastorage', `Flightdeck's identity may not read audit events (403)${suffix}`);
  if (status === 404) return new AppError('not_found:datastorage', `Data Storage has no such resource${suffix}`);
  if (status === 503) return new AppError('unavailable:datastorage', `Data Storage is not ready (503)${suffix}`, { headers: { 'retry-after': '5' } });
  return new AppError('upstream:datastorage', `Data Storage answered HTTP ${status}${suffix}`);
}

/** Connectivity and authorization check: one tiny authenticated read. */
export async function pingDataStorage(identity: RequestIdentity): Promise<void> {
  await dsFetch(identity, { path: '/api/v1/audit/events', query: new URLSearchParams({ limit: '1' }), retries: 0, timeoutMs: 3_000 });
}

/** Clears the cached token (tests). */
export function resetTokenCacheForTests(): void {
  token = undefined;
}
