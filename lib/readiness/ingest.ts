/**
 * Ingest of test reports pushed from CI: bearer-token check, size limits, parsing (format
 * from Content-Type, the `format` parameter, or sniffed) and storage in one transaction.
 */
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import { env } from '../env';
import { AppError } from '../errors';
import { log } from '../log';
import type { IngestQuery, IngestResult } from '../schemas/readiness';
import { failureSignature, parseReport, ReportParseError, ReportTooLargeError, type ReportInput } from './parse';
import { saveRun } from './store';

/** What the ingest endpoint accepts as a body; request.body fits. */
export type IngestBody = ReportInput;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against READINESS_INGEST_TOKEN.
 * Ingest is disabled (403 `forbidden:ingest_disabled`) when no token is configured; a
 * missing or wrong token is 401. Comparing fixed-length hashes with timingSafeEqual keeps
 * the comparison constant-time whatever the length of the guess.
 */
export function checkIngestToken(authorization: string | null, configured = env().READINESS_INGEST_TOKEN): void {
  if (!configured) {
    throw new AppError('forbidden:ingest_disabled', 'Report ingest is disabled on this Flightdeck: set READINESS_INGEST_TOKEN on the server to enable it.');
  }
  const challenge = { headers: { 'www-authenticate': 'Bearer realm="flightdeck-readiness"' } };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthorized', 'Send the ingest token as "Authorization: Bearer <token>".', challenge);
  if (!timingSafeEqual(digest(match[1]), digest(configured))) {
    throw new AppError('unauthorized', 'The ingest token is not valid.', challenge);
  }
}

/** Rejects before reading when the declared length is already over the limit. */
export function checkDeclaredLength(contentLength: string | null, maxBytes: number): void {
  if (contentLength === null || !/^\d+$/.test(contentLength)) return;
  if (Number(contentLength) > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large:report', `The report is larger than the limit of ${maxBytes} bytes (READINESS_MAX_UPLOAD_BYTES).`, {
    extensions: { limit: maxBytes },
  });
}

/** Maps parser errors to problems: 413 too large, 415 unknown format, 400 malformed (naming line and column). */
export function parseErrorToAppError(err: unknown, maxBytes: number): unknown {
  if (err instanceof ReportTooLargeError) {
    if (err.what === 'test cases') {
      return new AppError('payload_too_large:report', `The report has more than ${err.limit} test cases and suites; split it into several uploads.`, {
        extensions: { limit: err.limit, unit: 'test cases' },
      });
    }
    return tooLarge(err.limit ?? maxBytes);
  }
  if (err instanceof ReportParseError) {
    const where = err.line !== undefined ? ` (line ${err.line}${err.column !== undefined ? `, column ${err.column}` : ''})` : '';
    // The parser signals an unknown format with a location-less ReportParseError (see detectFormat).
    const unsupported = err.line === undefined && /unrecogni[sz]ed|is neither|unknown format|unsupported/i.test(err.message);
    return new AppError(unsupported ? 'unsupported_media_type:report' : 'bad_request:report', `${err.message}${where}`, {
      extensions: {
        ...(err.line !== undefined ? { line: err.line } : {}),
        ...(err.column !== undefined ? { column: err.column } : {}),
      },
    });
  }
  return err;
}

export interface IngestOptions {
  contentType: string | null;
  maxBytes?: number;
}

/**
 * Parses one uploaded report and stores it as a run. Nothing is stored unless the whole
 * report parsed and every row was written.
 */
export async function ingestReport(db: Db, meta: IngestQuery, body: IngestBody, options: IngestOptions): Promise<IngestResult> {
  const maxBytes = options.maxBytes ?? env().READINESS_MAX_UPLOAD_BYTES;
  let report;
  try {
    report = await parseReport(body, {
      maxBytes,
      ...(meta.format ? { format: meta.format } : {}),
      ...(options.contentType ? { contentType: options.contentType } : {}),
    });
  } catch (err) {
    throw parseErrorToAppError(err, maxBytes);
  }
  const saved = await saveRun(db, meta, report, failureSignature);
  log.info('readiness report stored', {
    id: saved.id,
    service: meta.service,
    tier: meta.tier,
    runId: saved.runId,
    arch: saved.arch,
    format: report.format,
    tests: report.totals.tests,
    replaced: saved.replaced,
  });
  return {
    id: saved.id,
    service: meta.service,
    tier: meta.tier,
    runId: saved.runId,
    arch: saved.arch,
    commit: saved.commit,
    format: report.format,
    replaced: saved.replaced,
    totals: report.totals,
    url: `/readiness/runs/${saved.id}`,
  };
}
