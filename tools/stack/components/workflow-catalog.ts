/**
 * Registers the workflows Kubernaut's WorkflowExecution controller looks up in Data
 * Storage's catalog (`GET /api/v1/workflows/{uuid}`): the action types they name
 * (`POST /api/v1/action-types`) and RemediationWorkflow definitions read at run time
 * from the Kubernaut module in the Go module cache (`test/fixtures/workflows/`), never copied into this repository.
 *
 * Both endpoints sit behind Data Storage's write tier (SubjectAccessReview `create` on
 * services/data-storage-service), so the caller passes the writer identity's token.
 * Registration is idempotent: the same content answers 200 with the existing entry.
 */
import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import { kubernautDir } from '../build';
import { cfg, controllersEnabled } from '../config';
import { errorMessage, httpRequest, log, secondsSince } from '../util';
import type { SetupStep, StatusRow } from './component';
import { tokenPath } from './identities';

/** A workflow definition inside the Kubernaut module, by the role tests give it. */
export interface CatalogFixture {
  key: string;
  engine: 'tekton' | 'job';
  /** Path relative to the module root. */
  file: string;
}

/** The `metadata.name` of each fixture, as Data Storage lists it (workflowName). */
export const CATALOG_WORKFLOW_NAMES = ['test-hello-world', 'test-intentional-failure', 'test-job-hello-world', 'test-job-intentional-failure'] as const;

export const CATALOG_FIXTURES: readonly CatalogFixture[] = [
  { key: 'tekton', engine: 'tekton', file: 'test/fixtures/workflows/hello-world/workflow-schema.yaml' },
  { key: 'tektonFailing', engine: 'tekton', file: 'test/fixtures/workflows/failing/workflow-schema.yaml' },
  { key: 'job', engine: 'job', file: 'test/fixtures/workflows/job-hello-world/workflow-schema.yaml' },
  { key: 'jobFailing', engine: 'job', file: 'test/fixtures/workflows/job-failing/workflow-schema.yaml' },
];
// The chart's demo content (charts/kubernaut/files/demo-content/workflows/) is not
// registered: Data Storage v1.5.7 rejects its `component: "*"` label ("cannot unmarshal
// !!str `*` into []string").

/** The action types those definitions name; descriptions are ours (Kubernaut ships none for them). */
const ACTION_TYPES: ReadonlyArray<{ name: string; what: string; whenToUse: string }> = [
  { name: 'RestartPod', what: 'Deletes the failing pods so their controller recreates them.', whenToUse: 'Pods are stuck or crash-looping on transient state.' },
];

export interface RegisteredWorkflow {
  key: string;
  workflowId: string;
  workflowName: string;
  version: string;
  engine: string;
  actionType: string;
  executionBundle: string;
}

export interface CatalogClient {
  url: string;
  token: string;
  fetchImpl?: typeof fetch;
}

async function post(c: CatalogClient, route: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await (c.fetchImpl ?? fetch)(`${c.url.replace(/\/+$/, '')}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // problem bodies are JSON; anything else is reported raw below
  }
  if (res.status !== 200 && res.status !== 201) {
    const detail = [json.title, json.detail].filter(Boolean).join(': ') || text.slice(0, 300);
    throw new Error(`POST ${route} answered HTTP ${res.status}: ${detail}`);
  }
  return { status: res.status, json };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Registers the action types and every fixture workflow; returns the catalog entries by
 * fixture key. `kubernautDir` is the module's directory in the Go module cache.
 */
export async function registerWorkflows(c: CatalogClient, kubernautDir: string, registeredBy = 'flightdeck-stack'): Promise<Record<string, RegisteredWorkflow>> {
  for (const at of ACTION_TYPES) {
    await post(c, '/api/v1/action-types', { name: at.name, description: { what: at.what, whenToUse: at.whenToUse }, registeredBy });
  }
  const out: Record<string, RegisteredWorkflow> = {};
  for (const f of CATALOG_FIXTURES) {
    const content = readFileSync(path.join(kubernautDir, f.file), 'utf8');
    const { json } = await post(c, '/api/v1/workflows', { content, source: 'api', registeredBy });
    out[f.key] = {
      key: f.key,
      workflowId: text(json.workflowId),
      workflowName: text(json.workflowName),
      version: text(json.version),
      engine: text(json.executionEngine),
      actionType: text(json.actionType),
      executionBundle: text(json.executionBundle),
    };
    if (!out[f.key]!.workflowId) throw new Error(`registering ${f.file} returned no workflowId`);
  }
  return out;
}

async function ensureCatalog(): Promise<void> {
  const start = Date.now();
  const token = fs.readFileSync(tokenPath('writer'), 'utf8').trim();
  const registered = await registerWorkflows({ url: `http://${cfg.host}:${cfg.ports.datastorage}`, token }, kubernautDir());
  log(`workflow-catalog: ${Object.values(registered).map((w) => `${w.workflowName} (${w.engine})`).join(', ')} active (${secondsSince(start)})`);
}

async function status(healthy: (name: string) => boolean): Promise<StatusRow[]> {
  if (!healthy('datastorage')) return [];
  try {
    const token = fs.readFileSync(tokenPath('flightdeck'), 'utf8').trim();
    const res = await httpRequest(`http://${cfg.host}:${cfg.ports.datastorage}/api/v1/workflows?status=Active&limit=100`, { headers: { Authorization: `Bearer ${token}` } });
    const names = new Set(((JSON.parse(res.body) as { workflows?: Array<{ workflowName?: string }> }).workflows ?? []).map((w) => w.workflowName));
    const active = CATALOG_WORKFLOW_NAMES.filter((n) => names.has(n));
    return [{ name: 'workflow-catalog', up: active.length === CATALOG_WORKFLOW_NAMES.length, detail: `${active.length}/${CATALOG_WORKFLOW_NAMES.length} fixture workflows Active in Data Storage` }];
  } catch (err) {
    return [{ name: 'workflow-catalog', up: false, detail: `check failed: ${errorMessage(err)}` }];
  }
}

export const workflowCatalog: SetupStep = { kind: 'setup', name: 'workflow-catalog', ensure: ensureCatalog, status, enabled: controllersEnabled };
