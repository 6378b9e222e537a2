/**
 * GET /api/v1/stream: the one Server-Sent Events stream of a browser tab. Subscriptions
 * come from the query (`?topic=executions&phase=Failed`, `?topic=execution&namespace=..&name=..`,
 * or several `sub=<json>`); resume with Last-Event-ID (or `since=` on a new connection).
 */
import { liveStream } from '@/lib/live/stream';
import { handle } from '@/lib/route';

export const GET = handle('executions:read', async (request, { identity }) => liveStream(identity, request));
