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
import { checkDeclaredLength, checkIngestToken } from '@/lib/readiness/ingest';
import { ingest } from '@/lib/readiness/service';
import { handle, json, parseQuery } from '@/lib/route';
import { ingestQuerySchema } from '@/lib/schemas/readiness';

export const POST = handle('readiness:ingest', async (request) => {
  checkIngestToken(request.headers.get('authorization'));
  const meta = parseQuery(ingestQuerySchema, request.url);
  checkDeclaredLength(request.headers.get('content-length'), env().READINESS_MAX_UPLOAD_BYTES);
  if (!request.body) throw new AppError('bad_request:report', 'The request has no body: send the report as the request body.');
  const result = await ingest(meta, request.body, request.headers.get('content-type'));
  return json(result, { status: result.replaced ? 200 : 201, headers: { location: result.url } });
});
