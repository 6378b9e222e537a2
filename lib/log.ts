/**
 * Structured logging through pino: one JSON line per entry on stderr
 * (`{"level":"info","time":"…","requestId":"…","msg":"…",…}`). Values under keys that
 * look secret, and bearer tokens inside strings, are redacted before writing, because
 * Kubernetes client errors embed request headers in their messages.
 */
import pino from 'pino';
import { rawLogLevel } from './env';
import { currentRequestContext } from './request-context';
import { processSingleton } from './singleton';

type Level = 'debug' | 'info' | 'warn' | 'error';

const SECRET_KEY = /(authorization|token|password|secret|cookie|api[-_]?key|credential)/i;
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g;

/** Removes bearer tokens and JWTs from free text. */
export function redactText(text: string): string {
  return text.replace(BEARER, '$1[redacted]').replace(JWT, '[redacted-jwt]');
}

function sanitize(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactText(value.length > 4000 ? `${value.slice(0, 4000)}…` : value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    if (value.cause !== undefined) out.cause = sanitize(value.cause, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitize(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : sanitize(v, depth + 1);
    return out;
  }
  return value;
}

/** One pino logger per process, writing through process.stderr (sync, in order). */
const logger = () =>
  processSingleton('logger', () =>
    pino(
      {
        level: 'info',
        base: undefined,
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        // Fields are already sanitized (errors reduced to name, message, code and cause);
        // pino's own err serializer would add stacks.
        serializers: { err: (v: unknown) => v },
        formatters: { level: (label) => ({ level: label }) },
        // Every line of a request carries its id (and the person, once sign-in exists).
        mixin: () => {
          const ctx = currentRequestContext();
          return ctx ? { requestId: ctx.requestId, ...(ctx.user ? { user: ctx.user } : {}) } : {};
        },
      },
      { write: (line: string) => process.stderr.write(line) },
    ),
  );

const LEVELS = new Set<Level>(['debug', 'info', 'warn', 'error']);

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  const l = logger();
  // LOG_LEVEL is read on every call, as before: tests and operators may change it.
  const wanted = rawLogLevel() as Level | undefined;
  const effective = wanted && LEVELS.has(wanted) ? wanted : 'info';
  if (l.level !== effective) l.level = effective;
  if (!l.isLevelEnabled(level)) return;
  l[level](fields ? (sanitize(fields) as object) : {}, redactText(msg));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
