/**
 * POST /api/v1/readiness/reports: ingest one test report from CI.
 *
 *   curl -H "Authorization: Bearer $READINESS_INGEST_TOKEN" --data-binary @junit.xml \
 *     "$FLIGHTDECK/api/v1/readiness/reports?service=workflowexecution&tier=e2e&commit=$SHA&runId=$RUN"
 *
 * Metadata travels as query parameters (ingestQuerySchema); the body is the report as the
 * tool wrote it (JUnit XML, Ginkgo JSON or go test -json, optionally gzip). 201 for a new
 * run, 200 when the same runId replaced an earlier upload. 401 bad token, 403 ingest
 * disabled (no READINESS_INGEST_TOKEN), 400 malformed (naming line and column), 413 over
 * READINESS_MAX_UPLOAD_BYTES, 415 unknown format.
 */
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { recordIngest, type IngestOutcome } from '@/lib/metrics';
import { checkDeclaredLength, checkIngestToken } from '@/lib/readiness/ingest';
import { ingest } from '@/lib/readiness/service';
import { handle, json, parseQuery } from '@/lib/route';
import { ingestQuerySchema } from '@/lib/schemas/readiness';

export const POST = handle('readiness:ingest', async (request) => {
  let bytes = 0;
  try {
    checkIngestToken(request.headers.get('authorization'));
    const meta = parseQuery(ingestQuerySchema, request.url);
    checkDeclaredLength(request.headers.get('content-length'), env().READINESS_MAX_UPLOAD_BYTES);
    if (!request.body) throw new AppError('bad_request:report', 'The request has no body: send the report as the request body.');
    const counted = request.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    const result = await ingest(meta, counted, request.headers.get('content-type'));
    recordIngest('stored', bytes);
    return json(result, { status: result.replaced ? 200 : 201, headers: { location: result.url } });
  } catch (err) {
    recordIngest(ingestOutcome(err), bytes);
    throw err;
  }
});

function ingestOutcome(err: unknown): IngestOutcome {
  const kind = err instanceof AppError ? err.code.split(':')[0] : 'internal';
  if (kind === 'unavailable' || kind === 'timeout') return 'unavailable';
  return kind === 'internal' || kind === 'upstream' ? 'error' : 'rejected';
}
