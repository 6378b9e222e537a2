/**
 * One error type for every server path. A code is `<kind>` or `<kind>:<subject>`
 * (for example `not_found:execution`, `unavailable:datastorage`); the kind fixes the
 * HTTP status, so handlers never pick status numbers themselves.
 */
import { log } from './log';

export const ERROR_KINDS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  upstream: 502,
  unavailable: 503,
  timeout: 504,
} as const satisfies Record<string, number>;

export type ErrorKind = keyof typeof ERROR_KINDS;
export type ErrorCode = ErrorKind | `${ErrorKind}:${string}`;

const TITLES: Record<ErrorKind, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  internal: 'Internal error',
  upstream: 'Bad upstream response',
  unavailable: 'Service unavailable',
  timeout: 'Upstream timeout',
};

export interface AppErrorOptions {
  /** Logged on the server only; never sent to the browser. */
  cause?: unknown;
  /** Safe, structured extras for the problem document (for example `{ param: 'limit' }`). */
  extensions?: Record<string, unknown>;
  /** Extra response headers, such as `Retry-After`. */
  headers?: Record<string, string>;
}

/**
 * Marks AppErrors. Next.js bundles instrumentation.ts and each route separately, so one
 * process holds several copies of this class; a process singleton made in one bundle (the
 * database) throws the AppError of that copy, which a plain `instanceof` in another
 * bundle would not recognise (and would answer 500 instead of, say, 503).
 */
const APP_ERROR = Symbol.for('flightdeck.AppError');

/** An error whose message is safe to show to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly [APP_ERROR] = true;

  /** `instanceof AppError` holds for an AppError of any bundle's copy of this class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
  }

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  get kind(): ErrorKind {
    return this.code.split(':', 1)[0] as ErrorKind;
  }

  get status(): number {
    return ERROR_KINDS[this.kind];
  }

  /** RFC 7807 problem document. */
  toProblem(instance?: string): Problem {
    return {
      type: `urn:flightdeck:problem:${this.code}`,
      title: TITLES[this.kind],
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }

  toResponse(instance?: string): Response {
    return problemResponse(this.toProblem(instance), this.headers);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  });
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Shorthand for a 400 that names the offending parameter. */
export function badParam(param: string, message: string): AppError {
  return new AppError(`bad_request:${param}`, message, { extensions: { param } });
}

/**
 * Renders any thrown value as a problem response. Unknown errors are logged with their
 * cause and answered with a generic 500 so upstream details never reach the browser.
 */
export function toErrorResponse(err: unknown, instance?: string): Response {
  if (isAppError(err)) {
    if (err.status >= 500) log.warn('request failed', { code: err.code, message: err.message, cause: err.cause, instance });
    return err.toResponse(instance);
  }
  log.error('unhandled error', { err, instance });
  return new AppError('internal', 'Something went wrong on the server; the error was logged.').toResponse(instance);
}
