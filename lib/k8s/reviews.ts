/**
 * TokenReview and SubjectAccessReview, made as Flightdeck's own identity (it needs
 * `create` on both, as the built-in ClusterRole system:auth-delegator grants). This is
 * how Flightdeck learns who a bearer token belongs to and what Kubernetes lets that
 * person do, without ever acting with the person's credentials.
 */
import 'server-only';
import * as k8s from '@kubernetes/client-node';
import { AppError } from '../errors';
import { env } from '../env';
import { loadKubeConfig, withTimeout } from './client';

export interface ReviewedUser {
  username: string;
  groups: string[];
}

function reviewError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown })?.code;
  // Flightdeck's own identity lacks the right: an operator must fix the install, so this is
  // a 503 with a hint, never a 401/403 that would blame the person.
  if (code === 403) {
    return new AppError('unavailable:kubernetes', `Flightdeck's identity may not create ${what} (bind it to the ClusterRole system:auth-delegator).`, { cause: err });
  }
  return new AppError('unavailable:kubernetes', `Kubernetes did not answer the ${what} Flightdeck needs to check who you are.`, { cause: err });
}

/** Who a bearer token belongs to, or null when Kubernetes does not accept it (expired, revoked, foreign). */
export async function reviewToken(token: string): Promise<ReviewedUser | null> {
  const api = loadKubeConfig().makeApiClient(k8s.AuthenticationV1Api);
  let review: k8s.V1TokenReview;
  try {
    review = await withTimeout(api.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } }), env().KUBE_REQUEST_TIMEOUT_MS, 'TokenReview');
  } catch (err) {
    throw reviewError(err, 'TokenReviews');
  }
  const status = review.status;
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
  const api = loadKubeConfig().makeApiClient(k8s.AuthorizationV1Api);
  const body: k8s.V1SubjectAccessReview = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: q.user,
      groups: q.groups,
      resourceAttributes: { verb: q.verb, group: q.group, resource: q.resource, namespace: q.namespace, ...(q.name ? { name: q.name } : {}) },
    },
  };
  try {
    const review = await withTimeout(api.createSubjectAccessReview({ body }), env().KUBE_REQUEST_TIMEOUT_MS, 'SubjectAccessReview');
    return review.status?.allowed === true && review.status.denied !== true;
  } catch (err) {
    throw reviewError(err, 'SubjectAccessReviews');
  }
}
