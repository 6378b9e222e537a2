// Namespaces, ServiceAccounts, the Data Storage Service and RBAC (manifests.ts), a token
// for each identity, and the kubeconfigs handed to Flightdeck, Data Storage and tests.
import fs from 'node:fs';
import path from 'node:path';
import { certFiles } from '../certs';
import { cfg, kubeUrl, paths } from '../config';
import { KubeClient } from '../kube';
import { IDENTITIES, identityManifests, type IdentityId } from '../manifests';
import { readState, writeState } from '../state';
import { log, mkdirp, secondsSince, writeIfChanged } from '../util';
import type { SetupStep, StatusRow } from './component';

export const tokenPath = (id: IdentityId): string => path.join(paths.tokens, IDENTITIES[id].tokenFile);

const identityIds = Object.keys(IDENTITIES) as IdentityId[];
const namespaceOf = (id: IdentityId) => IDENTITIES[id].namespace ?? cfg.systemNamespace;
const username = (id: IdentityId) => `system:serviceaccount:${namespaceOf(id)}:${IDENTITIES[id].serviceAccount}`;

/** A kubeconfig for the stack's apiserver with the stack's CA and the given user entry. */
export function kubeconfig({ context, user, namespace }: { context: string; user: Record<string, string>; namespace: string }): string {
  const ca = fs.readFileSync(certFiles.caCrt).toString('base64');
  const userLines = Object.entries(user).map(([k, v]) => `    ${k}: ${v}`).join('\n');
  return `apiVersion: v1
kind: Config
clusters:
- name: flightdeck-stack
  cluster:
    server: ${kubeUrl}
    certificate-authority-data: ${ca}
users:
- name: ${context}
  user:
${userLines}
contexts:
- name: ${context}
  context:
    cluster: flightdeck-stack
    user: ${context}
    namespace: ${namespace}
current-context: ${context}
`;
}

function readToken(id: IdentityId): string | null {
  try {
    return fs.readFileSync(tokenPath(id), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Applies namespaces, ServiceAccounts, the Data Storage Service and RBAC, then makes sure
 * each identity has a token that still authenticates and is younger than the refresh age.
 */
async function ensureIdentities(): Promise<void> {
  const start = Date.now();
  const kube = new KubeClient({ component: 'identities' });
  const manifests = identityManifests();
  for (const m of manifests.filter((o) => o.kind === 'Namespace')) await kube.apply(m);
  await Promise.all(manifests.filter((m) => m.kind !== 'Namespace').map((m) => kube.apply(m)));

  mkdirp(paths.tokens, 0o700);
  const tokens = { ...(readState().tokens ?? {}) };
  const minted: string[] = [];
  await Promise.all(
    identityIds.map(async (id) => {
      const issuedAt = tokens[id]?.issuedAt ? Date.parse(tokens[id].issuedAt) : 0;
      const current = readToken(id);
      const fresh = Date.now() - issuedAt < cfg.tokenRefreshAfterMs;
      // TokenReview catches tokens from a wiped etcd or a regenerated signing key.
      if (current && fresh && (await kube.tokenUser(current)) === username(id)) return;
      const { token, expiresAt } = await kube.createToken(namespaceOf(id), IDENTITIES[id].serviceAccount, cfg.tokenTtlSeconds);
      writeIfChanged(tokenPath(id), token, 0o600);
      tokens[id] = { issuedAt: new Date().toISOString(), expiresAt };
      minted.push(id);
    }),
  );
  writeState({ tokens });

  const adminCfg = kubeconfig({
    context: 'stack-admin',
    namespace: cfg.systemNamespace,
    user: {
      'client-certificate-data': fs.readFileSync(certFiles.adminCrt).toString('base64'),
      'client-key-data': fs.readFileSync(certFiles.adminKey).toString('base64'),
    },
  });
  writeIfChanged(paths.kubeconfigAdmin, adminCfg, 0o600);
  // Flightdeck's kubeconfig embeds the token: @kubernetes/client-node does not read the
  // standard tokenFile field. A refreshed token stays valid 36h past the refresh anyway.
  writeIfChanged(
    paths.kubeconfigFlightdeck,
    kubeconfig({ context: 'stack-flightdeck', namespace: cfg.systemNamespace, user: { token: fs.readFileSync(tokenPath('flightdeck'), 'utf8').trim() } }),
    0o600,
  );
  // Data Storage (client-go) re-reads tokenFile, so token refreshes need no restart.
  writeIfChanged(
    paths.kubeconfigDatastorage,
    kubeconfig({ context: 'stack-datastorage', namespace: cfg.systemNamespace, user: { tokenFile: tokenPath('datastorage') } }),
    0o600,
  );
  log(`identities: ${manifests.length} objects applied, tokens ${minted.length ? `minted for ${minted.sort().join(', ')}` : 'still valid'} (${secondsSince(start)})`);
}

async function status(healthy: (name: string) => boolean): Promise<StatusRow[]> {
  if (!healthy('kube-apiserver')) return [];
  const kube = new KubeClient();
  const valid: IdentityId[] = [];
  for (const id of identityIds) {
    const token = readToken(id);
    try {
      if (token && (await kube.tokenUser(token)) === username(id)) valid.push(id);
    } catch {
      // a TokenReview that fails counts as a token that does not authenticate
    }
  }
  return [{ name: 'tokens', up: valid.length === identityIds.length, detail: `${valid.length}/${identityIds.length} authenticate (${paths.tokens})` }];
}

export const identities: SetupStep = { kind: 'setup', name: 'identities', ensure: ensureIdentities, status };
