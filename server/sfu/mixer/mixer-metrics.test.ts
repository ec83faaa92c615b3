import { afterEach, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../shared/logger.js';
import { createMetricsRegistry } from '../../shared/metrics.js';
import { ConferenceMixer } from './conference-mixer.js';
import { MixerMetrics } from './mixer-metrics.js';
import { sleep, TonePeer } from './testing/tone-peer.fixture.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A counter's or gauge's value, or a histogram's observation count (`<name>_count`). */
async function metricValue(
  registry: ReturnType<typeof createMetricsRegistry>,
  name: string,
): Promise<number> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const value = values.find((entry) => {
    const metricName = 'metricName' in entry ? entry.metricName : name;
    return metricName === name || metricName === `${name}_count`;
  });
  return value?.value ?? Number.NaN;
}

describe('mixer metrics', () => {
  it('counts packets, participants and ticks of the mixers that report to it', async () => {
    const registry = createMetricsRegistry({ node: 'test', version: 'test' });
    const mixer = new ConferenceMixer({
      logger: createRootLogger({ level: 'silent' }),
      observer: new MixerMetrics(registry),
    });
    cleanups.push(() => mixer.close());
    const peer = await TonePeer.open();
    cleanups.push(() => peer.close());
    const caller = await mixer.addParticipant({ id: 'caller' });
    await mixer.addParticipant({ id: 'monitor', role: 'listen', remote: peer.address });
    expect(await metricValue(registry, 'tandem_mixer_participants')).toBe(2);
    peer.startTone({ address: '127.0.0.1', port: caller.port }, { hz: 400 });
    await sleep(300);

    expect(await metricValue(registry, 'tandem_mixer_packets_received_total')).toBeGreaterThan(5);
    expect(await metricValue(registry, 'tandem_mixer_packets_sent_total')).toBeGreaterThan(5);
    expect(await metricValue(registry, 'tandem_mixer_tick_seconds')).toBeGreaterThan(5);
    await mixer.close();
    expect(await metricValue(registry, 'tandem_mixer_participants')).toBe(0);
  });
});
