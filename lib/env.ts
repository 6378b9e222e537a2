/**
 * The one place that reads configuration. Every variable is validated with zod on first
 * use (and at server start, from instrumentation.ts), and a bad value stops start-up with
 * a message that names the variable and what it expects. Documented in .env.example.
 */
import { z } from 'zod';
import { DNS1123_LABEL } from './schemas/names';

const csv = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean));

const namespaces = csv.pipe(
  z.array(z.string().regex(DNS1123_LABEL, 'each namespace must be a DNS-1123 label')),
);

const httpUrl = z
  .string()
  .url('must be an absolute URL')
  .refine((u) => /^https?:\/\//.test(u), 'must use http or https')
  .transform((u) => u.replace(/\/+$/, ''));

const positiveInt = (fallback: number) =>
  z.coerce.number().int('must be a whole number').positive('must be greater than 0').default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  KUBECONFIG: z.string().optional(),
  KUBE_CONTEXT: z.string().optional(),
  /** Empty means cluster-wide. */
  WATCH_NAMESPACES: namespaces.default([]),
  /** Where PipelineRuns and Jobs of executions live. */
  EXECUTION_NAMESPACE: z.string().regex(DNS1123_LABEL, 'must be a DNS-1123 label').default('kubernaut-workflows'),
  KUBE_REQUEST_TIMEOUT_MS: positiveInt(15_000),

  DATASTORAGE_URL: httpUrl.default('http://data-storage-service.kubernaut-system.svc.cluster.local:8080'),
  DATASTORAGE_TOKEN_FILE: z.string().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount/token'),
  DATASTORAGE_TIMEOUT_MS: positiveInt(10_000),
  /**
   * Seconds after an execution's CRD transition before an expected lifecycle audit event
   * counts as missing rather than pending (audit writes are buffered and asynchronous).
   */
  AUDIT_GRACE_SECONDS: positiveInt(60),
  /** When false, /api/readyz still reports Data Storage but does not fail on it. */
  DATASTORAGE_REQUIRED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),

  DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  FLIGHTDECK_DATA_DIR: z.string().min(1).default('./.data'),
  /** V8 memory profile (lib/memory-profile.ts): `auto` is `small` on the embedded store. */
  MEMORY_PROFILE: z.enum(['auto', 'small', 'default']).default('auto'),

  READINESS_INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  READINESS_MAX_UPLOAD_BYTES: positiveInt(50 * 1024 * 1024),
  READINESS_RETENTION_DAYS: positiveInt(90),
  READINESS_NAMESPACES: namespaces.default(['kubernaut-system', 'kubernaut-workflows']),

  /** Port of the separate Prometheus listener (GET /metrics); never the public port. */
  METRICS_PORT: z.coerce.number().int('must be a whole number').min(1, 'must be a port (1-65535)').max(65535, 'must be a port (1-65535)').default(9464),
  /**
   * After SIGTERM: how long readiness is false while requests are still served (so the
   * Service's endpoints drop this Pod first), then how long requests in flight may take.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(5_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt(20_000),

  /**
   * Who a request acts for (see lib/auth/mode.ts and the README's trust model). Unset
   * means `serviceaccount` only when the server listens on loopback; `none` is never a
   * default.
   */
  AUTH_MODE: z.enum(['proxy', 'token', 'serviceaccount', 'none']).optional(),
  /** Key material of the encrypted session cookie (token mode): at least 32 characters. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_SECRET_FILE: z.string().min(1).optional(),
  SESSION_MAX_AGE_SECONDS: positiveInt(8 * 3600),
  /** Proxy mode: where "Sign out" goes (oauth2-proxy's sign-out endpoint; `rd` returns home). */
  AUTH_PROXY_SIGN_OUT_URL: z
    .string()
    .regex(/^\/[^/\\]/, 'must be a path on this site, such as /oauth2/sign_out')
    .default('/oauth2/sign_out?rd=%2F'),
  /**
   * The OpenID Connect issuer whose ID tokens the auth proxy forwards (proxy mode), exactly
   * as the tokens' `iss` spells it (a trailing slash matters, so it is kept).
   */
  OIDC_ISSUER_URL: z
    .string()
    .url('must be an absolute URL')
    .refine((u) => /^https?:\/\//.test(u), 'must use http or https')
    .optional(),
  /** The audience the ID tokens must carry: the auth proxy's client id. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Claims that name the person to Kubernetes, with prefixes, as kube-apiserver's --oidc-* flags. */
  OIDC_USERNAME_CLAIM: z.string().min(1).default('sub'),
  OIDC_USERNAME_PREFIX: z.string().default(''),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_GROUPS_PREFIX: z.string().default(''),
  /** How long an access decision (SubjectAccessReview) or a TokenReview is reused. */
  AUTH_CACHE_TTL_SECONDS: positiveInt(10),
  AUTH_CACHE_MAX_ENTRIES: positiveInt(10_000),
  /**
   * Data Storage's own reader rule: `get` on this Service in this namespace. Flightdeck
   * asks the same question for a person before showing audit events.
   */
  DATASTORAGE_NAMESPACE: z.string().regex(DNS1123_LABEL, 'must be a DNS-1123 label').default('kubernaut-system'),
  DATASTORAGE_SERVICE_NAME: z.string().regex(DNS1123_LABEL, 'must be a DNS-1123 label').default('data-storage-service'),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment map; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        return `${name}: ${issue.message}${name in cleaned ? ` (got ${JSON.stringify(redactIfSecret(name, cleaned[name]))})` : ''}`;
      }),
    );
  }
  return result.data;
}

function redactIfSecret(name: string, value: unknown): unknown {
  return /TOKEN|PASSWORD|SECRET|DATABASE_URL/.test(name) ? '[redacted]' : value;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * LOG_LEVEL as set, read on every call and without validating the rest: the logger has to
 * work while the configuration is invalid, since it is what reports that. The logger
 * falls back to `info` for an unknown value.
 */
export function rawLogLevel(): string | undefined {
  return process.env.LOG_LEVEL;
}

/** True inside a Pod: the kubelet sets KUBERNETES_SERVICE_HOST in every container. */
export function runsInCluster(): boolean {
  return Boolean(process.env.KUBERNETES_SERVICE_HOST);
}

/**
 * What tells the authentication mode where the HTTP server listens (lib/auth/mode.ts):
 * the command line of `next start -H`, and the variables Next.js's dev and standalone
 * servers use for the address.
 */
export function listenHints(): { argv: readonly string[]; environment: Record<string, string | undefined> } {
  const { HOSTNAME, __NEXT_DEV_SERVER, __NEXT_PRIVATE_ORIGIN } = process.env;
  return { argv: process.argv, environment: { HOSTNAME, __NEXT_DEV_SERVER, __NEXT_PRIVATE_ORIGIN } };
}

/** Forgets the parsed environment; tests call this after changing process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
