import { describe, expect, it, vi } from 'vitest';
import { withChosenMicrophone } from './chosen-microphone.js';
import { switchMicrophone } from './microphone-switch.js';

/** A media track as far as switching cares: kind, enabled, stopped. */
function track(id: string, kind = 'audio') {
  return {
    id,
    kind,
    enabled: true,
    stopped: false,
    stop() {
      this.stopped = true;
    },
  };
}
type FakeTrack = ReturnType<typeof track>;

function call(sent: FakeTrack | null, replace = (next: FakeTrack) => Promise.resolve(next)) {
  const sender = {
    track: sent,
    replaceTrack: vi.fn(async (next: FakeTrack) => {
      await replace(next);
      sender.track = next;
    }),
  };
  const video = { track: track('cam', 'video'), replaceTrack: vi.fn() };
  return { connection: { getSenders: () => [video, sender] } as unknown as RTCPeerConnection, sender };
}

const microphoneGiving = (next: FakeTrack) =>
  vi.fn(
    async (_constraints: MediaStreamConstraints) =>
      ({ getAudioTracks: () => [next] }) as unknown as MediaStream,
  );

describe('switching the microphone during a call', () => {
  it('replaces the sent audio track with one of the chosen device and releases the old device', async () => {
    const old = track('old');
    const next = track('new');
    const { connection, sender } = call(old);
    const getUserMedia = microphoneGiving(next);
    expect(await switchMicrophone(connection, 'mic-b', getUserMedia)).toBe(next);
    expect(getUserMedia).toHaveBeenCalledWith({ audio: { deviceId: { exact: 'mic-b' } }, video: false });
    expect(sender.track).toBe(next);
    expect(old.stopped).toBe(true);
    expect(next.stopped).toBe(false);
  });

  it('keeps a muted or held call silent', async () => {
    const old = track('old');
    old.enabled = false;
    const next = track('new');
    const { connection } = call(old);
    await switchMicrophone(connection, null, microphoneGiving(next));
    expect(next.enabled).toBe(false);
  });

  it('keeps the old microphone when the new track is refused, and says so', async () => {
    const old = track('old');
    const next = track('new');
    const { connection, sender } = call(old, () => Promise.reject(new Error('InvalidModificationError')));
    await expect(switchMicrophone(connection, 'mic-b', microphoneGiving(next))).rejects.toThrow(
      'InvalidModification',
    );
    expect(sender.track).toBe(old);
    expect(old.stopped).toBe(false);
    expect(next.stopped).toBe(true);
  });

  it('refuses a call that sends no audio', async () => {
    const { connection } = call(null);
    await expect(switchMicrophone(connection, null, microphoneGiving(track('x')))).rejects.toThrow(TypeError);
  });
});

describe('calls opening the chosen microphone', () => {
  const stream = {} as MediaStream;
  const handler = {} as Parameters<ReturnType<typeof withChosenMicrophone>>[1];

  it('ask for the chosen device instead of any microphone, and leave other requests alone', async () => {
    const factory = vi.fn(async () => stream);
    const chosen = withChosenMicrophone(factory, () => 'mic-b');
    await chosen({ audio: true, video: false }, handler);
    expect(factory).toHaveBeenLastCalledWith(
      { audio: { deviceId: { exact: 'mic-b' } }, video: false },
      handler,
      undefined,
    );
    await chosen({ audio: false, video: true }, handler);
    expect(factory).toHaveBeenLastCalledWith({ audio: false, video: true }, handler, undefined);
    await withChosenMicrophone(factory, () => null)({ audio: true }, handler);
    expect(factory).toHaveBeenLastCalledWith({ audio: true }, handler, undefined);
  });

  it('fall back to the default microphone when the chosen one is gone, but not when it is forbidden', async () => {
    const gone = Object.assign(new Error('gone'), { name: 'OverconstrainedError' });
    const factory = vi.fn(async (constraints: MediaStreamConstraints) => {
      if (constraints.audio !== true) throw gone;
      return stream;
    });
    expect(await withChosenMicrophone(factory, () => 'mic-b')({ audio: true }, handler)).toBe(stream);
    expect(factory).toHaveBeenCalledTimes(2);
    const forbidden = Object.assign(new Error('no'), { name: 'NotAllowedError' });
    const refusing = withChosenMicrophone(
      () => Promise.reject(forbidden),
      () => 'mic-b',
    );
    await expect(refusing({ audio: true }, handler)).rejects.toBe(forbidden);
  });
});
