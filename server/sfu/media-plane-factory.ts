/**
 * Builds the media plane from the `media` section of the configuration: the embedded rtpengine
 * (recordings and its pid file under the data directory) or the listed external instances.
 */
import { join, resolve } from 'node:path';
import type { TandemConfig } from '../shared/config/config-schema.js';
import type { Logger } from '../shared/logger.js';
import type { MetricsRegistry } from '../shared/metrics.js';
import { EmbeddedRtpengine } from './embedded-rtpengine.js';
import { ExternalRtpengine } from './external-rtpengine.js';
import { MediaMetrics } from './media-metrics.js';
import { MediaPlane } from './media-plane.js';
import type { MediaInstance } from './media-plane-types.js';

export interface MediaPlaneContext {
  dataDir: string;
  logger: Logger;
  metrics?: MetricsRegistry;
}

export function createMediaPlane(config: TandemConfig['media'], context: MediaPlaneContext): MediaPlane {
  const { rtpengine } = config;
  const { logger } = context;
  const metrics = context.metrics ? new MediaMetrics(context.metrics) : undefined;
  const ng = { timeoutMs: rtpengine.ngTimeoutMs, retries: rtpengine.ngRetries };
  const instances: MediaInstance[] =
    rtpengine.mode === 'embedded'
      ? [
          new EmbeddedRtpengine('local', {
            binary: rtpengine.binary,
            interface: rtpengine.interface,
            ngHost: rtpengine.ngHost,
            ngPort: rtpengine.ngPort,
            portMin: rtpengine.portMin,
            portMax: rtpengine.portMax,
            logLevel: rtpengine.logLevel,
            recordingDir: resolve(rtpengine.recordingDir ?? join(context.dataDir, 'recordings')),
            pidFile: resolve(context.dataDir, 'rtpengine.pid'),
            workingDir: resolve(context.dataDir),
            startTimeoutMs: rtpengine.startTimeoutMs,
            stopTimeoutMs: rtpengine.stopTimeoutMs,
            restart: rtpengine.restart,
            ng,
            logger: logger.child({ instance: 'local' }),
            ngObserver: metrics?.ngObserver('local'),
          }),
        ]
      : rtpengine.instances.map(
          ({ host, port }) =>
            new ExternalRtpengine({
              host,
              port,
              ng,
              healthCheckIntervalMs: rtpengine.healthCheckIntervalMs,
              healthCheckFailures: rtpengine.healthCheckFailures,
              logger: logger.child({ instance: `${host}:${port}` }),
              ngObserver: metrics?.ngObserver(`${host}:${port}`),
            }),
        );
  return new MediaPlane({ instances, logger, metrics });
}
