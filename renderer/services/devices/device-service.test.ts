import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTandemStore, type TandemStore } from '../../store/store.js';
import { createDeviceService } from './device-service.js';
import type { DeviceService } from './device-service-types.js';
import type { PlayingTone, TonePattern } from './tone-player.js';

/** The tones the service played: pattern, output, name, and whether each is still playing. */
function tonePlayer(options: { openMs?: number; refuse?: boolean } = {}) {
  const played: { pattern: TonePattern; sinkId: string | null; name: string; playing: boolean }[] = [];
  const play = vi.fn(
    async (pattern: TonePattern, sinkId: string | null, name: string): Promise<PlayingTone> => {
      if (options.openMs) await new Promise((resolve) => setTimeout(resolve, options.openMs));
      if (options.refuse) throw Object.assign(new Error('no such output'), { name: 'NotFoundError' });
      const entry = { pattern, sinkId, name, playing: true };
      played.push(entry);
      return { done: Promise.resolve(), stop: () => void (entry.playing = false) };
    },
  );
  return { played, play };
}

const mediaDevices = {
  enumerateDevices: async () => [
    { deviceId: 'in-1', kind: 'audioinput', label: 'Mic 1' },
    { deviceId: 'out-1', kind: 'audiooutput', label: 'Out 1' },
    { deviceId: 'out-2', kind: 'audiooutput', label: 'Out 2' },
  ],
  getUserMedia: async () => ({ getTracks: () => [] }),
  addEventListener: vi.fn(),
  removeEventListener: vi.fn(),
} as unknown as MediaDevices;

let service: DeviceService | undefined;
afterEach(() => service?.stop());

function start(store: TandemStore, player: ReturnType<typeof tonePlayer>) {
  service = createDeviceService({
    store,
    mediaDevices,
    storage: undefined,
    audioParent: { querySelectorAll: () => [] } as unknown as HTMLElement,
    peerConnection: () => undefined,
    playTone: player.play,
    outputSelectable: true,
  });
  return service;
}

const offer = (store: TandemStore, id: string) =>
  store.getState().actions.calls.offered({
    id,
    serverCallId: null,
    direction: 'incoming',
    remoteNumber: '+1',
    remoteName: null,
    at: 0,
  });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the ringtone', () => {
  it('rings on the chosen ringer while an offer rings, and stops on answer, decline and a caller giving up', async () => {
    const store = createTandemStore();
    const player = tonePlayer();
    await start(store, player).choose('ringer', 'out-2');
    const { calls } = store.getState().actions;

    offer(store, 'c1');
    await settle();
    expect(player.played.map(({ name, sinkId, playing }) => [name, sinkId, playing])).toEqual([
      ['ringtone', 'out-2', true],
    ]);
    calls.answering('c1');
    expect(player.played[0]!.playing).toBe(false);

    offer(store, 'c2');
    await settle();
    expect(player.played[1]!.playing).toBe(true);
    calls.ended('c2', 'declined', 1);
    expect(player.played[1]!.playing).toBe(false);

    offer(store, 'c3');
    await settle();
    calls.ended('c3', 'missed', 2);
    expect(player.played.map((tone) => tone.playing)).toEqual([false, false, false]);
  });

  it('never keeps ringing when the offer ends while the ringer is still opening', async () => {
    vi.useFakeTimers();
    try {
      const store = createTandemStore();
      const player = tonePlayer({ openMs: 50 });
      start(store, player);
      offer(store, 'c1');
      store.getState().actions.calls.ended('c1', 'missed', 1);
      await vi.advanceTimersByTimeAsync(100);
      expect(player.played).toHaveLength(1);
      expect(player.played[0]!.playing).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves to another ringer while ringing, and says so when an output refuses', async () => {
    const store = createTandemStore();
    const player = tonePlayer();
    const devices = start(store, player);
    await settle();
    offer(store, 'c1');
    await settle();
    await devices.choose('ringer', 'out-1');
    expect(player.played.map(({ sinkId, playing }) => [sinkId, playing])).toEqual([
      [null, false],
      ['out-1', true],
    ]);
    store.getState().actions.calls.ended('c1', 'missed', 1);

    const refusing = tonePlayer({ refuse: true });
    service?.stop();
    const other = createTandemStore();
    start(other, refusing);
    offer(other, 'c9');
    await settle();
    expect(other.getState().devices.problem).toBe('speaker-failed');
    await service!.playTestTone('speaker');
    expect(refusing.play).toHaveBeenLastCalledWith(
      expect.objectContaining({ repeat: false }),
      null,
      'test-tone',
      expect.anything(),
    );
  });
});
