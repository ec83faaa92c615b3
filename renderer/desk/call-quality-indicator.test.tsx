import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TandemProvider } from '../app/tandem-context.js';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { CallQualityIndicator } from './call-quality-indicator.js';

const services = { health: { checkNow: () => Promise.reject(new Error('not in this test')) } };

function render(store: TandemStore): string {
  const current: TandemStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TandemProvider store={current} services={services}>
      <CallQualityIndicator />
    </TandemProvider>,
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A store with call `call-1` up. */
function onCall(locale: 'en' | 'de' = 'en'): TandemStore {
  const store = createTandemStore({ locale });
  const { calls } = store.getState().actions;
  calls.offered({
    id: 'call-1',
    serverCallId: 'srv-1',
    direction: 'incoming',
    remoteNumber: '+1',
    remoteName: null,
    at: 0,
  });
  calls.established('call-1', 1_000);
  return store;
}

describe('the call quality indicator', () => {
  it('says it is measuring until the first sample', () => {
    const html = render(onCall());
    expect(text(html)).toBe('Measuring call quality…');
    expect(html).toContain('data-level="none"');
  });

  it('shows a good call with its figures and no warning', () => {
    const store = onCall();
    store.getState().actions.callQuality.sampled('call-1', {
      roundTripMs: 12.4,
      jitterMs: 1.26,
      lossPercent: 0,
      mos: 4.39,
    });
    const html = render(store);
    expect(text(html)).toBe('Good MOS 4.4 Round trip 12 ms Jitter 1.3 ms Loss 0 %');
    expect(html).toContain('data-level="good"');
    expect(html).not.toContain('role="alert"');
  });

  it('warns when the call degrades, also in German, and says when the round trip is unknown', () => {
    const store = onCall('de');
    store.getState().actions.callQuality.sampled('call-1', {
      roundTripMs: null,
      jitterMs: 40,
      lossPercent: 12.25,
      mos: 2.61,
    });
    const html = render(store);
    expect(html).toContain('data-level="poor"');
    expect(text(html)).toContain('Schlecht MOS 2,6 Umlaufzeit unbekannt Jitter 40 ms Verlust 12,3 %');
    expect(html).toMatch(/role="alert">Die Gesprächsqualität ist schlecht/);
  });

  it("never shows another call's figures", () => {
    const store = onCall();
    store
      .getState()
      .actions.callQuality.sampled('call-0', { roundTripMs: 10, jitterMs: 1, lossPercent: 0, mos: 4.4 });
    expect(text(render(store))).toBe('Measuring call quality…');
    store
      .getState()
      .actions.callQuality.sampled('call-1', { roundTripMs: 10, jitterMs: 1, lossPercent: 0, mos: 4.4 });
    store.getState().actions.callQuality.cleared();
    expect(text(render(store))).toBe('Measuring call quality…');
  });
});
