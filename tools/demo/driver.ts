// The demo's activity driver: backfills the last days of a busy Kubernaut installation,
// then plays it live against the local stack until Ctrl-C (see tools/demo/README.md).
//
//   node --import tsx tools/demo/driver.ts [--rate <per minute>] [--backfill-days <n>]
//        [--backfill-per-hour <n>] [--ticks <n>] [--fault-every <n>] [--fail-share <0-1>]
//        [--instance <name>] [--flightdeck <url>] [--reset]
//
// Reports go to Flightdeck's upload endpoint when --flightdeck (or FLIGHTDECK_URL) and
// READINESS_INGEST_TOKEN are set. The stack's environment comes from $STACK_DIR/env.json.
import { parseArgs } from 'node:util';
import { stackEnv } from '../scenario/scenario';
import { adminClients } from '../scenario/k8s';
import { errText, startDriver, type DriverStats } from './driver-core';
import { DEFAULT_INSTANCE } from './marks';
import { resetDemo } from './reset';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '3' },
    'backfill-days': { type: 'string', default: '3' },
    'backfill-per-hour': { type: 'string', default: '4' },
    ticks: { type: 'string' },
    'fault-every': { type: 'string', default: '5' },
    'fail-share': { type: 'string' },
    'report-every': { type: 'string', default: '10' },
    instance: { type: 'string', default: DEFAULT_INSTANCE },
    flightdeck: { type: 'string' },
    reset: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const USAGE = 'usage: node --import tsx tools/demo/driver.ts [--rate 3] [--backfill-days 3] [--backfill-per-hour 4] [--ticks n] [--fault-every 5] [--fail-share 0-1] [--report-every 10] [--instance demo] [--flightdeck http://127.0.0.1:3000] [--reset]\n';
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function num(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    process.stderr.write(`--${name} must be a number from ${min} to ${max}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const log = (line: string) => process.stdout.write(`[driver] ${line}\n`);

function summary(s: DriverStats): string {
  const l = s.live;
  return `live: ${l.started} remediations (${l.completed} completed, ${l.failed} failed, ${l.cleared} blocks cleared, ${l.errors} errors), ${s.faults.length} faults injected; reports ${s.reports.uploaded} uploaded; audit ${s.audit.written} events written, ${s.audit.rejected} rejected`;
}

async function main(): Promise<void> {
  const instance = values.instance;
  if (!/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/.test(instance)) throw new Error('--instance must be a short DNS label');
  const env = { ...stackEnv(), ...process.env } as Record<string, string | undefined>;
  if (values.reset) {
    const r = await resetDemo(adminClients(), instance, env.DATABASE_URL);
    log(
      `reset: removed ${r.workflowExecutions} WorkflowExecutions, ${r.remediationRequests} RemediationRequests, ${r.executionResources} PipelineRuns/Jobs, ${r.deployments} Deployments, ${r.configMaps} ConfigMaps, ${r.reports ?? 0} test runs. ` +
        'Audit events stay: Data Storage keeps an append-only trail.',
    );
    return;
  }
  const url = values.flightdeck ?? env.FLIGHTDECK_URL;
  const token = env.READINESS_INGEST_TOKEN;
  const ticks = num('ticks', values.ticks, 1, 10_000);
  const failShare = num('fail-share', values['fail-share'], 0, 1);
  const driver = startDriver({
    instance,
    rate: num('rate', values.rate, 0, 60)!,
    backfillDays: num('backfill-days', values['backfill-days'], 0, 6)!,
    backfillPerHour: num('backfill-per-hour', values['backfill-per-hour'], 0.1, 120)!,
    faultEvery: num('fault-every', values['fault-every'], 0, 1000)!,
    reportEveryMinutes: num('report-every', values['report-every'], 1, 1440)!,
    ...(ticks !== undefined ? { ticks } : {}),
    ...(failShare !== undefined ? { failShare } : {}),
    ...(url && token ? { flightdeck: { url: url.replace(/\/+$/, ''), ingestToken: token } } : {}),
    log,
  });
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping (running executions are cancelled as Tekton would)`);
    await driver.stop();
    log(summary(driver.stats));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await driver.backfilled;
  log('ready: history written, live activity running');
  const timer = setInterval(() => log(summary(driver.stats)), 5 * 60_000);
  timer.unref();
  await driver.done;
  if (!stopping) log(summary(driver.stats));
}

main().catch((err: unknown) => {
  process.stderr.write(`[driver] ${errText(err)}\n`);
  process.exit(1);
});
