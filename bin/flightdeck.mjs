#!/usr/bin/env node
// The `flightdeck` command of this package. Today it has one subcommand, `report`, which
// sends a test report from CI to Flightdeck's ingest endpoint:
//
//   npx flightdeck report --service workflowexecution --tier e2e junit.xml
//   go test -json ./... | npx flightdeck report --service datastorage --tier unit -
//
// No dependencies beyond Node 20 itself, so it runs from a bare CI image.
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip, gzipSync } from 'node:zlib';

const USAGE = `Usage: flightdeck report --service <name> --tier <tier> [options] <file | ->

Sends one test report (JUnit XML, Ginkgo --json-report, or go test -json; gzip allowed)
to Flightdeck. "-" reads the report from standard input.

Options:
  --service <name>      service the tests belong to (required), e.g. workflowexecution
  --tier <tier>         build, unit, integration, e2e or another name (required)
  --url <url>           Flightdeck's base URL              [env FLIGHTDECK_URL]
  --token <token>       ingest token                       [env FLIGHTDECK_TOKEN, READINESS_INGEST_TOKEN]
  --token-file <path>   read the ingest token from a file
  --commit <sha>        commit tested      [default: GITHUB_SHA, CI_COMMIT_SHA or git rev-parse HEAD]
  --branch <name>       branch tested      [default: GITHUB_HEAD_REF/GITHUB_REF_NAME, CI_COMMIT_REF_NAME or git]
  --run-id <id>         CI run; sending the same id again replaces that run
                        [default: GITHUB_RUN_ID.GITHUB_RUN_ATTEMPT or CI_JOB_ID; none: a new run each time]
  --arch <arch>         amd64, arm64, ...                  [default: this machine's]
  --started-at <time>   RFC 3339 start of the run          [default: taken from the report]
  --finished-at <time>  RFC 3339 end of the run
  --format <format>     junit | ginkgo-json | go-test-json [default: detected by the server]
  --gzip                compress the upload
  --timeout <seconds>   give up after this long            [default: 120]
  -h, --help            show this help

Exit status: 0 stored, 1 refused or failed, 2 bad usage.`;

const ARCH = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

class UsageError extends Error {}

function git(args) {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function firstSet(...values) {
  return values.find((v) => typeof v === 'string' && v.trim() !== '')?.trim();
}

function defaults(env) {
  const attempt = env.GITHUB_RUN_ATTEMPT ? `.${env.GITHUB_RUN_ATTEMPT}` : '';
  const branch = firstSet(env.GITHUB_HEAD_REF, env.GITHUB_REF_NAME, env.CI_COMMIT_REF_NAME);
  return {
    commit: firstSet(env.GITHUB_SHA, env.CI_COMMIT_SHA) ?? git(['rev-parse', 'HEAD']),
    branch: branch ?? (() => {
      const b = git(['rev-parse', '--abbrev-ref', 'HEAD']);
      return b === 'HEAD' ? undefined : b;
    })(),
    runId: env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}${attempt}` : firstSet(env.CI_JOB_ID),
    arch: ARCH[process.arch] ?? process.arch,
  };
}

function contentTypeFor(file) {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.xml')) return 'application/xml';
  // .json may be a Ginkgo report or a go test -json stream: let the server tell them apart.
  return 'application/octet-stream';
}

/** Parses argv into the upload to make; throws UsageError for bad input. */
export function planReport(argv, env = process.env) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      service: { type: 'string' },
      tier: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      commit: { type: 'string' },
      branch: { type: 'string' },
      'run-id': { type: 'string' },
      arch: { type: 'string' },
      'started-at': { type: 'string' },
      'finished-at': { type: 'string' },
      format: { type: 'string' },
      gzip: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true };
  if (!values.service) throw new UsageError('--service is required');
  if (!values.tier) throw new UsageError('--tier is required');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the report file (or - for standard input)' : 'send one report per call');
  const base = firstSet(values.url, env.FLIGHTDECK_URL);
  if (!base) throw new UsageError('--url (or FLIGHTDECK_URL) is required');
  let url;
  try {
    url = new URL('api/v1/readiness/reports', base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new UsageError(`--url ${base} is not a URL`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new UsageError('--url must be http or https');
  const token = values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : firstSet(values.token, env.FLIGHTDECK_TOKEN, env.READINESS_INGEST_TOKEN);
  if (!token) throw new UsageError('--token, --token-file, FLIGHTDECK_TOKEN or READINESS_INGEST_TOKEN is required');
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');

  const d = defaults(env);
  const params = {
    service: values.service,
    tier: values.tier,
    commit: values.commit ?? d.commit,
    branch: values.branch ?? d.branch,
    runId: values['run-id'] ?? d.runId,
    arch: values.arch ?? d.arch,
    startedAt: values['started-at'],
    finishedAt: values['finished-at'],
    format: values.format,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  const file = positionals[0];
  return { help: false, url, token, file, gzip: values.gzip, timeoutMs: timeout * 1000 };
}

async function send(plan) {
  const headers = { authorization: `Bearer ${plan.token}`, accept: 'application/json, application/problem+json' };
  let body;
  if (plan.file === '-') {
    // Standard input is streamed: a go test -json run can be piped straight in.
    const stream = plan.gzip ? process.stdin.pipe(createGzip()) : process.stdin;
    body = Readable.toWeb(stream);
    headers['content-type'] = 'application/octet-stream';
  } else {
    const size = statSync(plan.file).size;
    if (size === 0) throw new UsageError(`${plan.file} is empty`);
    const data = readFileSync(plan.file);
    body = plan.gzip ? gzipSync(data) : data;
    headers['content-type'] = contentTypeFor(plan.file);
  }
  const res = await fetch(plan.url, { method: 'POST', headers, body, duplex: 'half', signal: AbortSignal.timeout(plan.timeoutMs) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function summary(r) {
  const t = r.totals;
  const ran = t.tests - t.skipped;
  const parts = [`${t.passed}/${ran} passed`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.errored) parts.push(`${t.errored} errors`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  return parts.join(', ');
}

export async function main(argv = process.argv.slice(2), env = process.env) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'report') {
    console.error(`flightdeck: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let plan;
  try {
    plan = planReport(rest, env);
  } catch (err) {
    console.error(`flightdeck report: ${err.message}\nRun "flightdeck report --help" for the options.`);
    return 2;
  }
  if (plan.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const res = await send(plan);
    if (res.status === 200 || res.status === 201) {
      const r = res.json;
      const link = new URL(r.url, plan.url).toString();
      console.log(`${r.replaced ? 'Replaced' : 'Stored'} ${r.service}/${r.tier} run ${r.runId}${r.arch ? ` (${r.arch})` : ''}: ${summary(r)} [${r.format}]\n${link}`);
      return 0;
    }
    const detail = res.json?.detail ?? res.text.slice(0, 500);
    console.error(`flightdeck report: ${path.basename(plan.file)} was refused (HTTP ${res.status}): ${detail}`);
    return 1;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`flightdeck report: ${err.message}`);
      return 2;
    }
    const cause = err?.cause;
    const reason =
      err?.name === 'TimeoutError'
        ? `no answer within ${plan.timeoutMs / 1000} s`
        : (cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? err?.message ?? String(err));
    console.error(`flightdeck report: could not reach ${plan.url.origin}: ${reason}`);
    return 1;
  }
}

function invokedDirectly() {
  // npx runs the command through a symlink in node_modules/.bin: compare real paths.
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main().then((code) => {
    process.exitCode = code;
  });
}
