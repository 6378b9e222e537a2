import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvForTests } from './env';
import { AppError } from './errors';
import { aggregate, checkAll, httpStatusFor, readinessChecks, runCheck, type HealthCheck } from './health';
import type { ComponentHealth } from './schemas/health';

const up = (name: ComponentHealth['name'], required = true): ComponentHealth => ({ name, status: 'up', latencyMs: 3, required });
const down = (name: ComponentHealth['name'], required = true): ComponentHealth => ({
  name,
  status: 'down',
  latencyMs: 3,
  required,
  message: 'unreachable',
});

const never = () => new Promise<string | undefined>(() => undefined);

describe('aggregate', () => {
  const at = new Date('2024-05-10T12:00:00Z');

  it('is ready (200) when every component is up', () => {
    const report = aggregate([up('kubernetes'), up('datastorage'), up('database')], at);
    expect(report.status).toBe('ready');
    expect(httpStatusFor(report)).toBe(200);
    expect(report.checkedAt).toBe('2024-05-10T12:00:00.000Z');
  });

  it('is not ready (503) when a required component is down', () => {
    const report = aggregate([up('kubernetes'), down('datastorage'), up('database')], at);
    expect(report.status).toBe('not_ready');
    expect(httpStatusFor(report)).toBe(503);
  });

  it('is only degraded (200) when the component that is down is optional', () => {
    const report = aggregate([up('kubernetes'), down('datastorage', false), up('database')], at);
    expect(report.status).toBe('degraded');
    expect(httpStatusFor(report)).toBe(200);
  });

  it('keeps every component in order, including the ones that are down', () => {
    const report = aggregate([down('kubernetes'), up('datastorage'), down('database', false)], at);
    expect(report.components.map((c) => `${c.name}:${c.status}`)).toEqual(['kubernetes:down', 'datastorage:up', 'database:down']);
  });
});

describe('runCheck', () => {
  it('reports up with the message the check returned', async () => {
    const result = await runCheck({ name: 'kubernetes', required: true, run: async () => 'API server v1.33.1' });
    expect(result).toMatchObject({ name: 'kubernetes', status: 'up', required: true, message: 'API server v1.33.1' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('shows the safe message of an AppError', async () => {
    const result = await runCheck({
      name: 'datastorage',
      required: false,
      run: async () => {
        throw new AppError('unavailable:datastorage', 'Data Storage is unreachable.');
      },
    });
    expect(result).toMatchObject({ status: 'down', required: false, message: 'Data Storage is unreachable.' });
  });

  it('never shows the text of an unexpected error, which may hold secrets', async () => {
    const result = await runCheck({
      name: 'database',
      required: true,
      run: async () => {
        throw new Error('connect failed for postgres://flightdeck:hunter2@db:5432/flightdeck');
      },
    });
    expect(result.status).toBe('down');
    expect(result.message).not.toContain('hunter2');
    expect(result.message).toMatch(/server log/);
  });

  it('reports a check that never answers as down once its deadline passes', async () => {
    const result = await runCheck({ name: 'kubernetes', required: true, run: never }, 20);
    expect(result).toMatchObject({ status: 'down', message: 'No answer within 20 ms.' });
  });
});

describe('checkAll', () => {
  it('reports every component even when one of them hangs', async () => {
    const checks: HealthCheck[] = [
      { name: 'kubernetes', required: true, run: async () => 'API server v1.33.1' },
      { name: 'datastorage', required: true, run: never },
      { name: 'database', required: true, run: async () => 'PostgreSQL' },
    ];
    const report = await checkAll(checks, 20);
    expect(report.status).toBe('not_ready');
    expect(report.components.map((c) => `${c.name}:${c.status}`)).toEqual(['kubernetes:up', 'datastorage:down', 'database:up']);
  });

  it('does not send the server-side cause of a failure to the client', async () => {
    const report = await checkAll([
      {
        name: 'database',
        required: true,
        run: async () => {
          throw new AppError('unavailable:database', 'down', { cause: new Error('password=hunter2') });
        },
      },
    ]);
    expect(JSON.stringify(report)).not.toContain('hunter2');
    expect(Object.keys(report.components[0] ?? {}).sort()).toEqual(['latencyMs', 'message', 'name', 'required', 'status']);
  });
});

describe('readinessChecks', () => {
  afterEach(() => {
    delete process.env.DATASTORAGE_REQUIRED;
    resetEnvForTests();
  });

  it('requires Kubernetes, Data Storage and the database by default', () => {
    resetEnvForTests();
    expect(readinessChecks().map((c) => [c.name, c.required])).toEqual([
      ['kubernetes', true],
      ['datastorage', true],
      ['database', true],
    ]);
  });

  it('makes Data Storage optional when DATASTORAGE_REQUIRED=false', () => {
    process.env.DATASTORAGE_REQUIRED = 'false';
    resetEnvForTests();
    expect(readinessChecks().find((c) => c.name === 'datastorage')?.required).toBe(false);
  });
});
