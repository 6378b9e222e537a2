/**
 * The RemediationRequest of a correlation, read straight from the API: its name is the
 * correlation id, and the executions store only holds RemediationRequests in the
 * watched namespaces while they exist.
 */
import 'server-only';
import type { RequestIdentity } from '../identity';
import { findNamed } from '../k8s/lookup';
import { REMEDIATION_REQUESTS } from '../k8s/objects';
import { toCachedRemediation, type CachedRemediation } from './wire';

/**
 * The RemediationRequest named `name` in the watched namespaces, reshaped like the
 * store's; null when there is none. Throws an AppError when Kubernetes cannot be read.
 */
export async function findRemediationRequest(identity: RequestIdentity, name: string): Promise<CachedRemediation | null> {
  for (const raw of await findNamed(identity, REMEDIATION_REQUESTS, name)) {
    const rr = toCachedRemediation(raw);
    if (rr) return rr;
  }
  return null;
}
