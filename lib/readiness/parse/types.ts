import type { RunCounts } from '../../schemas/readiness';

/** The report formats Flightdeck understands. */
export type ReportFormat = 'junit' | 'ginkgo-json' | 'go-test-json';

export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface ParsedCase {
  suite: string;
  className?: string;
  name: string;
  status: CaseStatus;
  durationMs: number;
  /** Failure, error or skip message (first lines when the tool has no separate message). */
  message?: string;
  /** Exception class, Ginkgo state ("failed", "timedout", "panicked"...) or similar. */
  failureType?: string;
  file?: string;
  line?: number;
  /** Failure body plus captured stdout/stderr, head and tail kept; only for cases that did not pass. */
  output?: string;
  labels?: string[];
  /** Passed only after a retry (Ginkgo flake attempts, Surefire/Playwright flakyFailure). */
  flaky?: boolean;
}

export interface ParsedSuite {
  name: string;
  cases: ParsedCase[];
  durationMs: number;
  /** ISO 8601, UTC. */
  timestamp?: string;
}

/** A report's counts: the same shape a stored run carries. */
export type ReportTotals = RunCounts;

export interface ParsedReport {
  format: ReportFormat;
  suites: ParsedSuite[];
  totals: ReportTotals;
  /** ISO 8601, UTC: the earliest suite start found in the report. */
  startedAt?: string;
  /** Best guess at the tool that wrote the report ("ginkgo", "go test", "pytest", ...). */
  tool?: string;
}

/** Limits that bound memory use while parsing hostile input. */
export interface ParseLimits {
  /** Longest single XML text/attribute value or JSON line, in characters. */
  maxTokenChars: number;
  /** Most cases plus suites: tiny elements would otherwise each cost far more memory than bytes. */
  maxCases: number;
}
