/**
 * Ordered schema migrations for Flightdeck's own data. Append only: never edit a
 * migration that has shipped. Statements are run one by one (PGlite and pg both accept
 * single statements with parameters).
 */
export interface Migration {
  id: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    // Test readiness (lib/readiness/store.ts). A run is identified by (service, tier,
    // run_id, arch): re-uploading it replaces its cases but keeps its id, so links stay valid.
    id: '0001_readiness',
    statements: [
      `CREATE TABLE readiness_runs (
        id bigserial PRIMARY KEY,
        service text NOT NULL,
        tier text NOT NULL,
        run_id text NOT NULL,
        arch text NOT NULL DEFAULT '',
        commit_sha text NOT NULL DEFAULT '',
        branch text,
        format text NOT NULL,
        tool text,
        started_at timestamptz,
        finished_at timestamptz,
        run_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        tests integer NOT NULL,
        passed integer NOT NULL,
        failed integer NOT NULL,
        errored integer NOT NULL,
        skipped integer NOT NULL,
        duration_ms double precision NOT NULL,
        UNIQUE (service, tier, run_id, arch)
      )`,
      `CREATE INDEX readiness_runs_latest ON readiness_runs (service, tier, run_at DESC, id DESC)`,
      `CREATE INDEX readiness_runs_commit ON readiness_runs (service, tier, commit_sha)`,
      `CREATE INDEX readiness_runs_run_at ON readiness_runs (run_at)`,
      `CREATE TABLE readiness_cases (
        run_pk bigint NOT NULL REFERENCES readiness_runs (id) ON DELETE CASCADE,
        ord integer NOT NULL,
        suite text NOT NULL,
        class_name text,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('passed', 'failed', 'error', 'skipped')),
        duration_ms double precision NOT NULL,
        message text,
        failure_type text,
        file text,
        line integer,
        output text,
        signature text,
        labels jsonb,
        flaky boolean NOT NULL DEFAULT false,
        PRIMARY KEY (run_pk, ord)
      )`,
      `CREATE INDEX readiness_cases_failures ON readiness_cases (run_pk, signature) WHERE status IN ('failed', 'error')`,
    ],
  },
];
