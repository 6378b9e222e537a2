/**
 * Kubernetes names, the one definition every schema, the environment and the adapter use.
 * Namespaces are DNS-1123 labels; object names (WorkflowExecutions, RemediationRequests)
 * are DNS-1123 subdomains, which also allow dots. Names travel in URLs and API paths, so
 * anything else is refused before it reaches Kubernetes.
 */
import { z } from 'zod';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';

/** A DNS-1123 label: what a namespace name must be. */
export const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
/** A DNS-1123 subdomain: what a namespaced object's name must be. */
export const OBJECT_NAME = new RegExp(`^${SUBDOMAIN}$`);
/** `namespace/name` of one object. */
export const NAMESPACED_NAME = new RegExp(`^${LABEL}/${SUBDOMAIN}$`);
/** The API server's limit on object names. */
export const MAX_OBJECT_NAME = 253;

export const namespaceSchema = z.string().regex(DNS1123_LABEL, 'must be a DNS-1123 label');
export const objectNameSchema = z.string().max(MAX_OBJECT_NAME).regex(OBJECT_NAME, 'must be a Kubernetes object name');

/** True when `name` can be the name of a namespaced object (so a lookup may find it). */
export function isObjectName(name: string): boolean {
  return name.length <= MAX_OBJECT_NAME && OBJECT_NAME.test(name);
}
