/**
 * Checks that a `/healthz` body really is a health report before the store believes it. Unknown extra
 * fields are dropped, so a newer server stays readable.
 */
import * as z from 'zod/mini';
import type { HealthReport } from '../../server/api/health-types.js';

const componentHealth = z.object({
  status: z.enum(['ok', 'starting', 'down']),
  detail: z.optional(z.string()),
});

export const healthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  node: z.string(),
  uptimeSeconds: z.number().check(z.nonnegative()),
  components: z.record(z.string(), componentHealth),
}) satisfies z.ZodMiniType<HealthReport>;

export function parseHealthReport(body: unknown): HealthReport | undefined {
  const parsed = healthReportSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
