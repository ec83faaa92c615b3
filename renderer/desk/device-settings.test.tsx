import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TandemProvider, type TandemServices } from '../app/tandem-context.js';
import type { DeviceControls } from '../services/devices/device-service-types.js';
import { createTandemStore, type TandemStore } from '../store/store.js';
import { DeviceSettings } from './device-settings.js';

const controls: DeviceControls = {
  refresh: () => Promise.resolve(),
  choose: () => Promise.resolve(),
  playTestTone: () => Promise.resolve(),
  startLevelMeter: () => () => undefined,
};
const services: TandemServices = {
  health: { checkNow: () => Promise.reject(new Error('not in this test')) },
  devices: controls,
};

function render(store: TandemStore): string {
  const current: TandemStore = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TandemProvider store={current} services={services}>
      <DeviceSettings onClose={() => undefined} />
    </TandemProvider>,
  );
}

/** The options of the select marked `data-testid`, as `label` or `*label` for the selected one. */
function options(html: string, testId: string): string[] {
  const select = new RegExp(`<select[^>]*data-testid="${testId}"[^>]*>(.*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map(
    ([, , selected, label]) => `${selected ? '*' : ''}${label}`,
  );
}

const listed = (store: TandemStore, labelled = true) =>
  store.getState().actions.devices.listed({
    microphones: [
      { id: 'mic-a', label: labelled ? 'Headset microphone' : '' },
      { id: 'mic-b', label: labelled ? 'Desk microphone' : '' },
    ],
    speakers: [
      { id: 'out-a', label: labelled ? 'Headset' : '' },
      { id: 'out-b', label: labelled ? 'Loudspeaker' : '' },
    ],
    labelled,
    outputSelectable: true,
  });

describe('the device settings', () => {
  it('offers microphone, speaker and ringer separately, each with the system default first', () => {
    const store = createTandemStore();
    listed(store);
    const { devices } = store.getState().actions;
    devices.chosen('microphone', 'mic-b');
    devices.chosen('ringer', 'out-b');
    const html = render(store);
    expect(options(html, 'device-microphone')).toEqual([
      'System default',
      'Headset microphone',
      '*Desk microphone',
    ]);
    expect(options(html, 'device-speaker')).toEqual(['*System default', 'Headset', 'Loudspeaker']);
    expect(options(html, 'device-ringer')).toEqual(['System default', 'Headset', '*Loudspeaker']);
    expect(html).toContain('Play test tone');
    expect(html).not.toContain('Show device names');
  });

  it('numbers devices before permission, and offers to show their names', () => {
    const store = createTandemStore();
    listed(store, false);
    const html = render(store);
    expect(options(html, 'device-microphone')).toEqual(['*System default', 'Device 1', 'Device 2']);
    expect(html).toContain('Show device names');
  });

  it('shows the default for a remembered device that is unplugged now', () => {
    const store = createTandemStore();
    store.getState().actions.devices.restored({ microphone: 'gone' });
    listed(store);
    expect(options(render(store), 'device-microphone')[0]).toBe('*System default');
  });

  it('shows the level meter and says what went wrong, in Korean too', () => {
    const store = createTandemStore({ locale: 'ko' });
    listed(store);
    const { devices } = store.getState().actions;
    devices.levelMeasured(0.42);
    devices.problem('microphone-failed');
    const html = render(store);
    expect(html).toMatch(/role="meter"[^>]*aria-valuenow="42"/);
    expect(html).toMatch(/role="alert"[^>]*>선택한 마이크를 열 수 없어/);
  });

  it('says when the browser cannot choose outputs, and offers no speaker or ringer', () => {
    const store = createTandemStore();
    store.getState().actions.devices.listed({
      microphones: [{ id: 'mic-a', label: 'Mic' }],
      speakers: [],
      labelled: true,
      outputSelectable: false,
    });
    const html = render(store);
    expect(html).not.toContain('device-speaker');
    expect(html).not.toContain('device-ringer');
    expect(html).toContain('This browser plays sound on the system output only.');
  });
});
