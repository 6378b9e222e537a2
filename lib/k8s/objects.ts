/**
 * Wire schemas of the Kubernetes objects Flightdeck reads: the one path from API JSON to
 * typed objects. Lenient on purpose: unknown fields pass (Kubernaut v1.6 adds some) and
 * absent optional fields become undefined, while wrong types fail, so a caller can turn a
 * malformed object into a clear, logged error for that object instead of a crash.
 * Features reshape these typed objects into their own DTOs (lib/executions/wire.ts,
 * lib/readiness/infrastructure.ts); nothing here knows about a feature.
 */
import { z } from 'zod';

/** A namespaced resource of an API group, such as `kubernaut.ai/v1alpha1` `remediationrequests`. */
export interface ResourceRef {
  /** API path prefix: `/apis/<group>/<version>`, or `/api/v1` for the core group. */
  api: string;
  plural: string;
  /** Human name for errors ("RemediationRequests"). */
  title: string;
}

/** `<api>/namespaces/<ns>/<plural>`, or the cluster-wide `<api>/<plural>` for `*`. */
export function collectionPath(resource: Pick<ResourceRef, 'api' | 'plural'>, namespace: string): string {
  return namespace === '*' ? `${resource.api}/${resource.plural}` : `${resource.api}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`;
}

export const KUBERNAUT_API = '/apis/kubernaut.ai/v1alpha1';
export const TEKTON_API = '/apis/tekton.dev/v1';
export const WORKFLOW_EXECUTIONS: ResourceRef = { api: KUBERNAUT_API, plural: 'workflowexecutions', title: 'WorkflowExecutions' };
export const REMEDIATION_REQUESTS: ResourceRef = { api: KUBERNAUT_API, plural: 'remediationrequests', title: 'RemediationRequests' };
export const PIPELINE_RUNS: ResourceRef = { api: TEKTON_API, plural: 'pipelineruns', title: 'PipelineRuns' };
export const TASK_RUNS: ResourceRef = { api: TEKTON_API, plural: 'taskruns', title: 'TaskRuns' };
export const JOBS: ResourceRef = { api: '/apis/batch/v1', plural: 'jobs', title: 'Jobs' };

/** `<collection>/<name>` of one namespaced object. */
export function objectPath(resource: Pick<ResourceRef, 'api' | 'plural'>, namespace: string, name: string): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
}


const str = z.string();
const optStr = z.string().optional().nullable().transform((v) => v ?? undefined);
const optInt = z.number().int().optional().nullable().transform((v) => v ?? undefined);

export const metadataSchema = z
  .object({
    name: str.min(1),
    namespace: optStr,
    uid: str.min(1),
    resourceVersion: optStr,
    creationTimestamp: optStr,
    labels: z.record(z.string(), z.string()).optional().nullable(),
    annotations: z.record(z.string(), z.string()).optional().nullable(),
    ownerReferences: z.array(z.object({ kind: optStr, name: optStr, uid: optStr }).loose()).optional().nullable(),
  })
  .loose();

/** Any object, read for its identity only. */
export const identifiedObjectSchema = z.object({ metadata: metadataSchema }).loose();

export const conditionSchema = z
  .object({
    type: str,
    status: str,
    reason: optStr,
    message: optStr,
    lastTransitionTime: optStr,
  })
  .loose();

export const wfeSchema = z
  .object({
    metadata: metadataSchema.extend({ namespace: str.min(1) }),
    spec: z
      .object({
        workflowRef: z
          .object({
            workflowId: str.min(1),
            version: optStr,
            executionBundle: optStr,
            executionBundleDigest: optStr,
            workflowName: optStr,
            actionType: optStr,
          })
          .loose(),
        targetResource: str,
        parameters: z.record(z.string(), z.string()).optional().nullable(),
        confidence: z.number().optional().nullable(),
        rationale: optStr,
        executionConfig: z.object({ timeout: optStr }).loose().optional().nullable(),
        remediationRequestRef: z.object({ name: optStr, namespace: optStr, uid: optStr }).loose().optional().nullable(),
        timesOutAt: optStr,
        clusterID: optStr,
      })
      .loose(),
    status: z
      .object({
        phase: optStr,
        startTime: optStr,
        completionTime: optStr,
        duration: optStr,
        executionRef: z.object({ name: optStr }).loose().optional().nullable(),
        executionEngine: optStr,
        serviceAccountName: optStr,
        executionStatus: z
          .object({
            status: optStr,
            reason: optStr,
            message: optStr,
            completedTasks: optInt,
            totalTasks: optInt,
            retryCount: optInt,
          })
          .loose()
          .optional()
          .nullable(),
        failureDetails: z
          .object({
            failedTaskIndex: optInt,
            failedTaskName: optStr,
            failedStepName: optStr,
            reason: optStr,
            message: optStr,
            exitCode: optInt,
            failedAt: optStr,
            executionTimeBeforeFailure: optStr,
            naturalLanguageSummary: optStr,
            wasExecutionFailure: z.boolean().optional().nullable(),
          })
          .loose()
          .optional()
          .nullable(),
        failureReason: optStr,
        blockClearance: z
          .object({ clearedAt: optStr, clearedBy: optStr, clearReason: optStr, clearMethod: optStr })
          .loose()
          .optional()
          .nullable(),
        deduplicatedBy: optStr,
        conditions: z.array(conditionSchema).optional().nullable(),
        observedGeneration: optInt,
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();
export type WireWfe = z.infer<typeof wfeSchema>;
export type WireWfeStatus = Partial<NonNullable<WireWfe['status']>>;

// ---------------------------------------------------------------------------------
// RemediationRequest (kubernaut.ai/v1alpha1)
// ---------------------------------------------------------------------------------

/** spec.targetResource: `{kind, name, namespace}` in v1.5.7; a plain string is tolerated. */
const targetResourceSchema = z
  .union([z.string(), z.object({ kind: optStr, name: optStr, namespace: optStr }).loose()])
  .optional()
  .nullable()
  .catch(undefined);
export type WireTargetResource = z.infer<typeof targetResourceSchema>;

export const rrSchema = z
  .object({
    metadata: metadataSchema.extend({ namespace: str.min(1) }),
    spec: z.object({ signalName: optStr, severity: optStr, targetResource: targetResourceSchema }).loose().optional().nullable(),
    status: z.object({ overallPhase: optStr, outcome: optStr }).loose().optional().nullable(),
  })
  .loose();

// ---------------------------------------------------------------------------------
// Tekton PipelineRun / TaskRun and batch Job
// ---------------------------------------------------------------------------------

const succeededSchema = z.array(conditionSchema).optional().nullable();
/** Status fields every Tekton run (PipelineRun, TaskRun) carries. */
const runStatusFields = { conditions: succeededSchema, startTime: optStr, completionTime: optStr };

export const pipelineRunSchema = z
  .object({
    metadata: metadataSchema.extend({ namespace: str.min(1) }),
    status: z
      .object({
        ...runStatusFields,
        childReferences: z.array(z.object({ kind: optStr, name: optStr, pipelineTaskName: optStr }).loose()).optional().nullable(),
        pipelineSpec: z.object({ tasks: z.array(z.object({ name: optStr }).loose()).optional().nullable() }).loose().optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();

export const taskRunSchema = z
  .object({
    metadata: metadataSchema.extend({ namespace: str.min(1) }),
    status: z
      .object({
        ...runStatusFields,
        steps: z
          .array(
            z
              .object({
                name: optStr,
                terminated: z.object({ exitCode: optInt, reason: optStr, startedAt: optStr, finishedAt: optStr }).loose().optional().nullable(),
                running: z.object({ startedAt: optStr }).loose().optional().nullable(),
                waiting: z.object({ reason: optStr }).loose().optional().nullable(),
              })
              .loose(),
          )
          .optional()
          .nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();

export const jobSchema = z
  .object({
    metadata: metadataSchema.extend({ namespace: str.min(1) }),
    status: z
      .object({
        conditions: z.array(conditionSchema).optional().nullable(),
        startTime: optStr,
        completionTime: optStr,
        active: optInt,
        succeeded: optInt,
        failed: optInt,
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();

// ---------------------------------------------------------------------------------
// Core and apps objects the infrastructure check reads, and CustomResourceDefinitions
// ---------------------------------------------------------------------------------

const stringMap = z.record(z.string(), z.string()).optional().nullable().transform((v) => v ?? {});
const conditions = z.array(conditionSchema).optional().nullable().transform((v) => v ?? []);

export const deploymentSchema = z
  .object({
    metadata: metadataSchema,
    spec: z.object({ replicas: optInt, selector: z.object({ matchLabels: stringMap }).loose().optional().nullable() }).loose().optional().nullable(),
    status: z.object({ readyReplicas: optInt, availableReplicas: optInt, conditions }).loose().optional().nullable(),
  })
  .loose();
export type WireDeployment = z.infer<typeof deploymentSchema>;

const containerStatusSchema = z
  .object({
    name: str,
    ready: z.boolean().optional().nullable(),
    restartCount: optInt,
    state: z
      .object({
        waiting: z.object({ reason: optStr }).loose().optional().nullable(),
        terminated: z.object({ reason: optStr }).loose().optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();

export const podSchema = z
  .object({
    metadata: metadataSchema.extend({ labels: stringMap, deletionTimestamp: optStr }),
    status: z
      .object({
        phase: optStr,
        conditions,
        initContainerStatuses: z.array(containerStatusSchema).optional().nullable(),
        containerStatuses: z.array(containerStatusSchema).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();
export type WirePod = z.infer<typeof podSchema>;

export const eventSchema = z
  .object({
    metadata: metadataSchema,
    involvedObject: z.object({ kind: optStr, name: optStr }).loose().optional().nullable(),
    reason: optStr,
    message: optStr,
    count: optInt,
    series: z.object({ count: optInt, lastObservedTime: optStr }).loose().optional().nullable(),
    lastTimestamp: optStr,
    eventTime: optStr,
  })
  .loose();
export type WireEvent = z.infer<typeof eventSchema>;

export const crdSchema = z
  .object({
    metadata: metadataSchema.extend({ deletionTimestamp: optStr }),
    status: z.object({ conditions }).loose().optional().nullable(),
  })
  .loose();
export type WireCrd = z.infer<typeof crdSchema>;

/** One page of a LIST: items stay raw so each is parsed (and can fail) on its own. */
export const listPageSchema = z
  .object({
    metadata: z.object({ resourceVersion: optStr, continue: optStr }).loose().optional().nullable(),
    items: z.array(z.unknown()).optional().nullable(),
  })
  .loose();
export type WireListPage = z.infer<typeof listPageSchema>;
