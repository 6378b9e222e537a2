/**
 * The readiness report served by `GET /api/readyz` and read by the connection indicator.
 * Shared by server and client, so no 'server-only' here.
 */
import { z } from 'zod';

export const HEALTH_COMPONENTS = ['kubernetes', 'datastorage', 'database'] as const;
export type HealthComponentName = (typeof HEALTH_COMPONENTS)[number];

export const componentHealthSchema = z.object({
  /** A known component, or a newer server's name that the UI shows as is. */
  name: z.string(),
  status: z.enum(['up', 'down']),
  /** Absent in the public report (a caller who is not signed in sees up or down only). */
  latencyMs: z.number().nonnegative().optional(),
  /** When true, this component being down makes Flightdeck not ready (503). */
  required: z.boolean(),
  /** Safe, human-readable detail (version when up, reason when down); never secrets. */
  message: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

export const readinessReportSchema = z.object({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  checkedAt: z.string(),
  components: z.array(componentHealthSchema),
});
export type ReadinessReport = z.infer<typeof readinessReportSchema>;
export type ReadinessStatus = ReadinessReport['status'];
