/**
 * Prometheus metrics of every mixer in the process: packets in and out, late and lost, refused,
 * participants, and how long a tick takes (it must stay far below the 20 ms it stands for).
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsRegistry } from '../../shared/metrics.js';
import type { MixerObserver, MixerTickReport } from './conference-mixer-types.js';

export class MixerMetrics implements MixerObserver {
  private readonly tickSeconds: Histogram;
  private readonly packetsIn: Counter;
  private readonly packetsOut: Counter;
  private readonly late: Counter;
  private readonly lost: Counter;
  private readonly dropped: Counter;
  private readonly participants: Gauge;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.tickSeconds = new Histogram({
      name: 'tandem_mixer_tick_seconds',
      help: 'Time one mixer takes for one 20 ms frame: jitter buffers, mixing, encoding, sending',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02],
      registers,
    });
    const counter = (name: string, help: string) => new Counter({ name, help, registers });
    this.packetsIn = counter('tandem_mixer_packets_received_total', 'Audio packets mixers took in');
    this.packetsOut = counter('tandem_mixer_packets_sent_total', 'Mixed audio packets sent to participants');
    this.late = counter('tandem_mixer_packets_late_total', 'Packets that arrived after their turn to play');
    this.lost = counter('tandem_mixer_frames_lost_total', 'Frames concealed because their packet never came');
    this.dropped = counter(
      'tandem_mixer_packets_dropped_total',
      'Packets refused: foreign source, unknown payload type, duplicate or flood',
    );
    this.participants = new Gauge({
      name: 'tandem_mixer_participants',
      help: 'Participants in all mixers of this process',
      registers,
    });
  }

  tickFinished(report: MixerTickReport): void {
    this.tickSeconds.observe(report.seconds);
    if (report.packetsIn > 0) this.packetsIn.inc(report.packetsIn);
    if (report.packetsOut > 0) this.packetsOut.inc(report.packetsOut);
    if (report.late > 0) this.late.inc(report.late);
    if (report.lost > 0) this.lost.inc(report.lost);
    if (report.dropped > 0) this.dropped.inc(report.dropped);
  }

  participantsChanged(delta: number): void {
    this.participants.inc(delta);
  }
}
