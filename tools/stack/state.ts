// Small files the stack keeps between runs in its directory: state.json (what was
// applied, when tokens were minted) and secrets.json (database passwords).
import crypto from 'node:crypto';
import { paths } from './config';
import { readJson, writeIfChanged } from './util';

export interface StackState {
  /** Hash of the CRD manifests last applied, so a warm `up` skips the apply. */
  crdHash?: string;
  tokens?: Record<string, { issuedAt: string; expiresAt: string }>;
}

export function readState(): StackState {
  return readJson<StackState>(paths.state, {});
}

export function writeState(patch: Partial<StackState>): void {
  const next = { ...readState(), ...patch };
  writeIfChanged(paths.state, `${JSON.stringify(next, null, 2)}\n`, 0o600);
}

/** Database passwords, generated once per stack directory. Hex keeps them DSN-safe. */
export function secrets(): { slmUser: string; flightdeck: string } {
  const saved = readJson<{ slmUser?: string; flightdeck?: string } | null>(paths.secrets, null);
  if (saved?.slmUser && saved.flightdeck) return { slmUser: saved.slmUser, flightdeck: saved.flightdeck };
  const s = { slmUser: crypto.randomBytes(18).toString('hex'), flightdeck: crypto.randomBytes(18).toString('hex') };
  writeIfChanged(paths.secrets, `${JSON.stringify(s, null, 2)}\n`, 0o600);
  return s;
}
