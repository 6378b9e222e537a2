/**
 * Starts the local Kubernaut stack when it is not running (a no-op when it is) and
 * exports its environment to the test workers, which are spawned after this runs.
 */
import { spawnSync } from 'node:child_process';
import { stackCliArgs } from '@/tools/stack/cli-args';
import { loadStackEnv } from './stack';

export default function setup(): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, stackCliArgs('up'), { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`stack:up failed (exit ${result.status}); see the component log above`);
  for (const [key, value] of Object.entries(loadStackEnv())) process.env[key] = value;
  process.env.LOG_LEVEL ??= 'warn';
  // Route handlers under test act as the loopback workstation mode unless a test says otherwise.
  process.env.AUTH_MODE ??= 'serviceaccount';
  console.log(`local stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
