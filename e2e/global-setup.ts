/**
 * Makes sure the local Kubernaut stack is up (a no-op when it is) and exports its
 * environment to the test workers, which start after this.
 */
import { spawnSync } from 'node:child_process';
import { stackCliArgs } from '../tools/stack/cli-args';
import { loadStackEnv } from '../tests/integration/stack';

export default function globalSetup(): void {
  const result = spawnSync(process.execPath, stackCliArgs('up'), { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`stack:up failed (exit ${result.status}); see the component log above`);
  for (const [key, value] of Object.entries(loadStackEnv())) process.env[key] ??= value;
}
