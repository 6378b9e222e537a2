/**
 * Access to the running local stack for integration tests: its environment and an
 * admin client for arranging state (creating resources, patching status) the way
 * Kubernaut's controllers would. Flightdeck code under test uses the read-only identity.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type StackEnv = Record<string, string>;

export function loadStackEnv(): StackEnv {
  const dir = process.env.STACK_DIR ?? path.resolve('.stack');
  return JSON.parse(readFileSync(path.join(dir, 'env.json'), 'utf8')) as StackEnv;
}

export function stackVar(name: string): string {
  const value = process.env[name] ?? loadStackEnv()[name];
  if (!value) throw new Error(`${name} is not set: is the local stack up (npm run stack:up)?`);
  return value;
}

export function readToken(fileVar: string): string {
  return readFileSync(stackVar(fileVar), 'utf8').trim();
}
