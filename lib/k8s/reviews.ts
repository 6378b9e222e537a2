/**
 * TokenReview and SubjectAccessReview, made as Flightdeck's own identity (it needs
 * `create` on both, as the built-in ClusterRole system:auth-delegator grants). This is
 * how Flightdeck learns who a bearer token belongs to and what Kubernetes lets that
 * person do, without ever acting with the person's credentials.
 */
import 'server-only';
import { z } from 'zod';
import { AppError } from '../errors';
import { env } from '../env';
import { loadKubeConfig } from './client';
import { KubeHttpError, kubePostJson } from './http';

export interface ReviewedUser {
  username: string;
  groups: string[];
}

const tokenReviewSchema = z.object({
  status: z
    .object({
      authenticated: z.boolean().optional(),
      user: z.object({ username: z.string().optional(), groups: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
});

const accessReviewSchema = z.object({
  status: z.object({ allowed: z.boolean(), denied: z.boolean().optional() }).optional(),
});

function reviewError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  // Flightdeck's own identity lacks the right: an operator must fix the install, so this is
  // a 503 with a hint, never a 401/403 that would blame the person.
  if (err instanceof KubeHttpError && err.code === 403) {
    return new AppError('unavailable:kubernetes', `Flightdeck's identity may not create ${what} (bind it to the ClusterRole system:auth-delegator).`, { cause: err });
  }
  return new AppError('unavailable:kubernetes', `Kubernetes did not answer the ${what} Flightdeck needs to check who you are.`, { cause: err });
}

async function review<S extends z.ZodType>(path: string, body: object, schema: S, what: string): Promise<z.infer<S>> {
  try {
    return schema.parse(await kubePostJson(loadKubeConfig(), path, body, { timeoutMs: env().KUBE_REQUEST_TIMEOUT_MS }));
  } catch (err) {
    throw reviewError(err, what);
  }
}

/** Who a bearer token belongs to, or null when Kubernetes does not accept it (expired, revoked, foreign). */
export async function reviewToken(token: string): Promise<ReviewedUser | null> {
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } };
  const { status } = await review('/apis/authentication.k8s.io/v1/tokenreviews', body, tokenReviewSchema, 'TokenReviews');
  if (!status?.authenticated || !status.user?.username) return null;
  return { username: status.user.username, groups: status.user.groups ?? [] };
}

export interface AccessQuestion {
  user: string;
  groups: string[];
  verb: string;
  /** API group ('' for the core group). */
  group: string;
  resource: string;
  /** Empty asks about every namespace (a cluster-wide grant). */
  namespace: string;
  name?: string;
}

/** Whether Kubernetes RBAC (or any authorizer of the cluster) allows the action. */
export async function reviewAccess(q: AccessQuestion): Promise<boolean> {
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: q.user,
      groups: q.groups,
      resourceAttributes: { verb: q.verb, group: q.group, resource: q.resource, namespace: q.namespace, ...(q.name ? { name: q.name } : {}) },
    },
  };
  const { status } = await review('/apis/authorization.k8s.io/v1/subjectaccessreviews', body, accessReviewSchema, 'SubjectAccessReviews');
  return status?.allowed === true && status.denied !== true;
}
