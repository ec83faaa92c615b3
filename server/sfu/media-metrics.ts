/**
 * Prometheus metrics of the media plane: whether each rtpengine is up, how often the embedded one
 * was restarted, sessions per instance, and ng request latency, timeouts and retransmissions.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from '../shared/metrics.js';
import type { NgChannelObserver } from './ng/ng-channel.js';

export interface MediaMetricsSource {
  instances(): readonly { id: string; isHealthy: boolean }[];
  sessionCount(instanceId: string): number;
}

export class MediaMetrics {
  private readonly latency: Histogram<'instance' | 'command' | 'outcome'>;
  private readonly timeouts: Counter<'instance' | 'command'>;
  private readonly retransmissions: Counter<'instance' | 'command'>;
  private readonly restarts: Counter<'instance'>;
  private source: MediaMetricsSource | null = null;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    const source = (): MediaMetricsSource | null => this.source;
    this.latency = new Histogram({
      name: 'tandem_media_ng_request_seconds',
      help: 'Time from sending an ng request to rtpengine until its answer, timeout or rejection',
      labelNames: ['instance', 'command', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.timeouts = new Counter({
      name: 'tandem_media_ng_timeouts_total',
      help: 'ng requests that rtpengine never answered, after every retransmission',
      labelNames: ['instance', 'command'],
      registers,
    });
    this.retransmissions = new Counter({
      name: 'tandem_media_ng_retransmissions_total',
      help: 'ng requests sent again because the answer was late',
      labelNames: ['instance', 'command'],
      registers,
    });
    this.restarts = new Counter({
      name: 'tandem_media_rtpengine_restarts_total',
      help: 'Restarts of the embedded rtpengine after it exited',
      labelNames: ['instance'],
      registers,
    });
    new Gauge({
      name: 'tandem_media_rtpengine_up',
      help: 'Whether each rtpengine instance answers and takes sessions (1) or not (0)',
      labelNames: ['instance'],
      registers,
      collect() {
        this.reset();
        for (const instance of source()?.instances() ?? []) {
          this.set({ instance: instance.id }, instance.isHealthy ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'tandem_media_sessions',
      help: 'Media sessions held on each rtpengine instance',
      labelNames: ['instance'],
      registers,
      collect() {
        this.reset();
        const plane = source();
        for (const instance of plane?.instances() ?? []) {
          this.set({ instance: instance.id }, plane?.sessionCount(instance.id) ?? 0);
        }
      },
    });
  }

  /** The plane whose instances and sessions the gauges read at scrape time. */
  attach(source: MediaMetricsSource): void {
    this.source = source;
  }

  ngObserver(instance: string): NgChannelObserver {
    return {
      requestFinished: (command, outcome, seconds) => {
        this.latency.observe({ instance, command, outcome }, seconds);
        if (outcome === 'timeout') this.timeouts.inc({ instance, command });
      },
      retransmitted: (command) => this.retransmissions.inc({ instance, command }),
    };
  }

  countRestart(instance: string): void {
    this.restarts.inc({ instance });
  }
}
