// Kubernaut's CRDs and Tekton's PipelineRun/TaskRun CRDs, read from the Kubernaut module
// in the Go module cache and applied to the apiserver.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { kubernautDir } from '../build';
import { KubeClient, type KubeJson } from '../kube';
import { readState, writeState } from '../state';
import { StackError, errorMessage, log, secondsSince, sleep } from '../util';
import type { SetupStep, StatusRow } from './component';

interface CrdFile {
  file: string;
  name: string;
  yaml: string;
}

function crdFiles(): CrdFile[] {
  const dir = kubernautDir();
  const bases = path.join(dir, 'config', 'crd', 'bases');
  const files = fs
    .readdirSync(bases)
    .filter((f) => f.startsWith('kubernaut.ai_') && f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(bases, f));
  files.push(
    path.join(dir, 'config', 'crd', 'tekton', 'pipelineruns_tekton_dev.yaml'),
    path.join(dir, 'config', 'crd', 'tekton', 'taskruns_tekton_dev.yaml'),
  );
  return files.map((file) => {
    const yaml = fs.readFileSync(file, 'utf8');
    const name = /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?  name:[ \t]*["']?([a-z0-9.-]+)/m.exec(yaml)?.[1];
    if (!name) throw new StackError('crds', `no metadata.name found in ${file}`);
    return { file, name, yaml };
  });
}

function established(crd: KubeJson | undefined): boolean {
  const conds: { type?: string; status?: string }[] = crd?.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Established' && c.status === 'True') && conds.some((c) => c.type === 'NamesAccepted' && c.status === 'True');
}

async function crdStatus(kube: KubeClient, names: string[]) {
  const list = await kube.must('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  const items: KubeJson[] = list.items ?? [];
  const byName = new Map(items.map((c) => [String(c.metadata?.name), c]));
  const ready = names.filter((n) => established(byName.get(n)));
  return { ready, missing: names.filter((n) => !ready.includes(n)), byName };
}

/**
 * The apiserver builds a custom resource's storage and watch cache lazily, on the first
 * request, and answers 429 "storage is (re)initializing" until it is ready. Clients such
 * as @kubernetes/client-node do not retry that, so touch every CRD once here.
 */
async function warmCustomResources(kube: KubeClient, crds: KubeJson[]): Promise<void> {
  const deadline = Date.now() + 60000;
  await Promise.all(
    crds.map(async (crd) => {
      const versions: { name: string; storage?: boolean }[] = crd.spec.versions;
      const version = versions.find((v) => v.storage)?.name ?? versions[0]?.name;
      const url = `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`;
      for (;;) {
        const res = await kube.request('GET', url);
        if (res.status === 200) return;
        if (res.status !== 429 || Date.now() > deadline) {
          throw new StackError('crds', `GET ${url}: HTTP ${res.status}: ${res.json?.message ?? res.body.slice(0, 200)}`);
        }
        await sleep(200);
      }
    }),
  );
}

function present(byName: Map<string, KubeJson>, names: string[]): KubeJson[] {
  return names.map((n) => byName.get(n)).filter((c): c is KubeJson => c !== undefined);
}

/** Applies the CRDs when they changed (or are missing), waits until established and warms them. */
export async function ensureCrds(): Promise<void> {
  const start = Date.now();
  const kube = new KubeClient({ component: 'crds' });
  const crds = crdFiles();
  const names = crds.map((c) => c.name);
  const hash = crypto.createHash('sha256').update(crds.map((c) => c.yaml).join('\0')).digest('hex');
  const before = await crdStatus(kube, names);
  if (readState().crdHash === hash && before.missing.length === 0) {
    await warmCustomResources(kube, present(before.byName, names));
    log(`crds: ${names.length} already established and serving (${secondsSince(start)})`);
    return;
  }
  // Server-side apply takes the manifests as YAML, so no YAML parser is needed here.
  await Promise.all(crds.map((c) => kube.applyYaml({ yaml: c.yaml, apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: c.name })));
  const deadline = Date.now() + 60000;
  for (;;) {
    const after = await crdStatus(kube, names);
    if (!after.missing.length) {
      await warmCustomResources(kube, present(after.byName, names));
      break;
    }
    if (Date.now() > deadline) throw new StackError('crds', `not Established after 60s: ${after.missing.join(', ')}`);
    await sleep(200);
  }
  writeState({ crdHash: hash });
  log(`crds: applied ${names.length} (${names.join(', ')}), established and serving in ${secondsSince(start)}`);
}

async function status(healthy: (name: string) => boolean): Promise<StatusRow[]> {
  if (!healthy('kube-apiserver')) return [{ name: 'crds', up: false, detail: 'unknown (kube-apiserver down)' }];
  try {
    const names = crdFiles().map((c) => c.name);
    const s = await crdStatus(new KubeClient(), names);
    return [{ name: 'crds', up: !s.missing.length, detail: `${s.ready.length}/${names.length} established${s.missing.length ? `, missing: ${s.missing.join(', ')}` : ''}` }];
  } catch (err) {
    return [{ name: 'crds', up: false, detail: `check failed: ${errorMessage(err)}` }];
  }
}

export const crds: SetupStep = { kind: 'setup', name: 'crds', ensure: ensureCrds, status };
