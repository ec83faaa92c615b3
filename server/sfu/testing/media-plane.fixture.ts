/**
 * A media plane with a real embedded rtpengine for tests: built from configuration like the app
 * builds it, on a random loopback port range, with its own data directory and metrics registry.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type TandemConfigInput } from '../../shared/config/config-schema.js';
import { createRootLogger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { EmbeddedRtpengine } from '../embedded-rtpengine.js';
import { createMediaPlane } from '../media-plane-factory.js';
import { freePortRange } from './test-ports.fixture.js';

type RtpengineInput = NonNullable<NonNullable<TandemConfigInput['media']>['rtpengine']>;

export async function startTestMediaPlane(rtpengine: RtpengineInput = {}) {
  const range = await freePortRange();
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-media-'));
  const config = configSchema.parse({
    dataDir,
    media: {
      rtpengine: {
        ...range,
        ngTimeoutMs: 300,
        ngRetries: 1,
        startTimeoutMs: 3000,
        stopTimeoutMs: 1000,
        restart: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 10_000 },
        ...rtpengine,
      },
    },
  });
  const registry = createMetricsRegistry({ node: 'test', version: 'test' });
  const plane = createMediaPlane(config.media, {
    dataDir,
    logger: createRootLogger({ level: 'silent' }),
    metrics: registry,
  });
  await plane.start();
  const local = plane.instances[0];
  if (!(local instanceof EmbeddedRtpengine)) throw new Error('expected the embedded rtpengine');
  return { plane, local, range, dataDir, registry };
}
