/**
 * The one mapping of a failed Kubernetes call to an AppError with a safe message. The
 * upstream error stays as `cause` for the server log only: client-node's messages embed
 * request headers (and so tokens), and a Status body is not the browser's business.
 */
import 'server-only';
import { AppError } from '../errors';
import { KubeHttpError } from './http';

/**
 * Maps a failed read of `what` (a KubeHttpError from lib/k8s/http.ts, or anything with
 * an HTTP `code` such as client-node's ApiException) to an AppError. A 404 becomes
 * `not_found:<notFound>`, so a feature can say which of its resources is missing
 * (`not_found:execution`); the default is `not_found:kubernetes`.
 */
export function kubeError(err: unknown, what: string, notFound = 'kubernetes'): AppError {
  if (err instanceof AppError) return err;
  const code = err instanceof KubeHttpError ? err.code : (err as { code?: unknown } | null)?.code;
  if (code === 404) return new AppError(`not_found:${notFound}`, `${what} was not found.`, { cause: err });
  if (code === 403) return new AppError('forbidden:kubernetes', `Flightdeck's ServiceAccount may not read ${what}.`, { cause: err });
  if (code === 401) return new AppError('unavailable:kubernetes', `Kubernetes rejected Flightdeck's credentials while reading ${what}.`, { cause: err });
  if (err instanceof KubeHttpError && err.reason === 'Timeout') return new AppError('timeout:kubernetes', `Kubernetes did not answer in time while reading ${what}.`, { cause: err });
  if (typeof code === 'number' && code >= 500) return new AppError('upstream:kubernetes', `Kubernetes failed while reading ${what} (HTTP ${code}).`, { cause: err });
  return new AppError('unavailable:kubernetes', `The Kubernetes API could not be reached while reading ${what}.`, { cause: err });
}
