import { describe, expect, it } from 'vitest';
import { offerContextOf } from './offer-context.js';

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe('the context of an offer', () => {
  it('reads the queue, the wait and the IVR choices, decoded', () => {
    expect(
      offerContextOf(
        headers({
          'X-Tandem-Queue': 'Vente%2C%20S%C3%BCd',
          'X-Tandem-Waited': '42',
          'X-Tandem-Ivr': 'main-menu%3D1,language%3D2',
        }),
      ),
    ).toEqual({ queue: 'Vente, Süd', waitedSeconds: 42, ivrChoices: ['main-menu=1', 'language=2'] });
  });

  it('is null for a call that did not come through a queue', () => {
    expect(offerContextOf(headers({}))).toBeNull();
  });

  it('leaves out what it cannot read instead of showing it wrongly', () => {
    expect(
      offerContextOf(
        headers({ 'X-Tandem-Queue': '%E0%A4%A', 'X-Tandem-Waited': '-5', 'X-Tandem-Ivr': 'menu%3D1,%ZZ,' }),
      ),
    ).toEqual({ queue: null, waitedSeconds: null, ivrChoices: ['menu=1'] });
  });
});
