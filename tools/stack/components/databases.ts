// The databases on PostgreSQL: Data Storage's action_history (Kubernaut's goose
// migrations) and Flightdeck's own flightdeck database, each with its own role.
import fs from 'node:fs';
import path from 'node:path';
import { kubernautDir } from '../build';
import { binPath, cfg, paths } from '../config';
import { secrets } from '../state';
import { childEnv, log, run, secondsSince } from '../util';
import type { SetupStep } from './component';
import { psql } from './postgres';

const { host, ports } = cfg;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Data Storage's connection (the database owner, as Kubernaut's chart configures it). */
export function dsDatabaseUrl(): string {
  return `postgres://slm_user:${secrets().slmUser}@${host}:${ports.postgres}/action_history?sslmode=disable`;
}

/** Flightdeck's own database (readiness reports). */
export function flightdeckDatabaseUrl(): string {
  return `postgres://flightdeck:${secrets().flightdeck}@${host}:${ports.postgres}/flightdeck?sslmode=disable`;
}

/**
 * Roles and databases (idempotent), the extensions Data Storage's schema needs (created
 * as superuser since the app role is not one), then Kubernaut's goose migrations as the
 * database owner, exactly as its Helm migration job runs them.
 */
function ensureDatabases(): void {
  const start = Date.now();
  const s = secrets();
  const role = (name: string, pw: string) => `
SELECT format('CREATE ROLE %I LOGIN', ${q(name)}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${q(name)}) \\gexec
ALTER ROLE ${name} WITH LOGIN NOSUPERUSER PASSWORD ${q(pw)};`;
  const db = (name: string, ownerRole: string) => `
SELECT format('CREATE DATABASE %I OWNER %I', ${q(name)}, ${q(ownerRole)}) WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${q(name)}) \\gexec`;
  psql(`${role('slm_user', s.slmUser)}${role('flightdeck', s.flightdeck)}${db('action_history', 'slm_user')}${db('flightdeck', 'flightdeck')}\n`);
  psql('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n', 'action_history');

  const goose = binPath('goose');
  const migrations = path.join(kubernautDir(), 'migrations');
  const out = run('databases', goose, ['-dir', migrations, 'postgres', dsDatabaseUrl(), 'up'], {
    env: childEnv({ NO_COLOR: '1' }),
    cwd: cfg.stackDir,
    combine: true,
  });
  fs.appendFileSync(path.join(paths.logs, 'migrate.log'), `\n===== ${new Date().toISOString()} goose up\n${out}`);
  const version = run('databases', goose, ['-dir', migrations, 'postgres', dsDatabaseUrl(), 'version'], { env: childEnv({ NO_COLOR: '1' }), combine: true });
  const applied = (out.match(/OK\s/g) ?? []).length;
  const at = /version:? (\d+)/.exec(version)?.[1] ?? '?';
  log(`databases: action_history + flightdeck ready, ${applied ? `${applied} migrations applied` : 'no pending migrations'}, schema at goose version ${at} (${secondsSince(start)})`);
}

export const databases: SetupStep = { kind: 'setup', name: 'databases', ensure: ensureDatabases };
