import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTandemStore } from '../../store/store.js';
import { CallVideo, refusedInRemote, type VideoCallLink } from './call-video.js';

/** What a trunk's side answers through Tandem: audio, and our video m-line refused with port 0. */
const refusedVideoAnswer = [
  'v=0',
  'm=audio 40000 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=inactive',
  '',
].join('\r\n');
const acceptedVideoAnswer = refusedVideoAnswer.replace('m=video 0 ', 'm=video 40002 ');

describe('a video m-line refused in the answer', () => {
  it('is one with port 0 for that mid, and only that mid', () => {
    expect(refusedInRemote(refusedVideoAnswer, '1')).toBe(true);
    expect(refusedInRemote(refusedVideoAnswer, '0')).toBe(false);
    expect(refusedInRemote(acceptedVideoAnswer, '1')).toBe(false);
    expect(refusedInRemote(refusedVideoAnswer, '10')).toBe(false);
    expect(refusedInRemote(undefined, '1')).toBe(false);
    expect(refusedInRemote(refusedVideoAnswer, null)).toBe(false);
  });
});

/** A received video track: muted until the far end's packets arrive (W3C WebRTC 5.3). */
class FakeRemoteTrack {
  readonly kind = 'video';
  muted = true;
  private readonly listeners = new Map<string, () => void>();
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener);
  }
  arrive() {
    this.muted = false;
    this.listeners.get('unmute')?.();
  }
}

beforeEach(() => {
  vi.stubGlobal(
    'MediaStream',
    class {
      constructor(private readonly tracks: unknown[]) {}
      getVideoTracks() {
        return this.tracks;
      }
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

class FakeTrack {
  stopped = false;
  readonly kind = 'video';
  stop() {
    this.stopped = true;
  }
  addEventListener() {}
}

/** A peer connection with an audio transceiver; added video transceivers get the next mid on the answer. */
function fakeCall(answer: string | ((reinvites: number) => string | Error)) {
  const transceivers: Record<string, unknown>[] = [
    { mid: '0', receiver: { track: { kind: 'audio' } }, sender: { track: {} }, direction: 'sendrecv' },
  ];
  let remote = '';
  let reinvites = 0;
  const pc = {
    getTransceivers: () => transceivers,
    get remoteDescription() {
      return { sdp: remote };
    },
    addTransceiver: (track: FakeTrack, init: { direction: string }) => {
      const transceiver: Record<string, unknown> = {
        mid: null,
        receiver: { track: new FakeRemoteTrack() },
        sender: { track, replaceTrack: vi.fn(async () => {}) },
        direction: init.direction,
        currentDirection: null,
        stop() {
          transceiver['direction'] = 'stopped';
        },
      };
      transceivers.push(transceiver);
      return transceiver;
    },
    addEventListener: () => undefined,
  };
  const camera = new FakeTrack();
  const link: VideoCallLink = {
    id: 'call-1',
    peerConnection: () => pc as unknown as RTCPeerConnection,
    media: {
      getUserMedia: vi.fn(async () => ({ getVideoTracks: () => [camera] }) as unknown as MediaStream),
      getDisplayMedia: vi.fn(
        async () => ({ getVideoTracks: () => [new FakeTrack()] }) as unknown as MediaStream,
      ),
    },
    reinvite: async () => {
      reinvites += 1;
      const next = typeof answer === 'function' ? answer(reinvites) : answer;
      if (next instanceof Error) throw next;
      remote = next;
      transceivers.forEach((transceiver, index) => {
        transceiver['mid'] ??= String(index);
        if (transceiver['direction'] !== 'stopped')
          transceiver['currentDirection'] = transceiver['direction'];
      });
    },
  };
  const store = createTandemStore();
  const { calls } = store.getState().actions;
  calls.offered({
    id: 'call-1',
    serverCallId: null,
    direction: 'incoming',
    remoteNumber: '+4930111222',
    remoteName: null,
    at: 1,
  });
  calls.established('call-1', 2);
  const video = () => store.getState().calls.current!.video;
  const remoteTrack = (index: number) =>
    (transceivers[index]!['receiver'] as { track: FakeRemoteTrack }).track;
  return { link, calls, video, camera, reinviteCount: () => reinvites, remoteTrack };
}

describe('the camera on a call', () => {
  it('is unavailable toward a party that refuses video: the camera stops, the call is untouched', async () => {
    const call = fakeCall(refusedVideoAnswer);
    const video = new CallVideo(call.link, call.calls);
    await expect(video.setCamera(true)).rejects.toThrow('takes no video');
    expect(call.video()).toMatchObject({ camera: 'unavailable', remoteVideos: [] });
    expect(call.camera.stopped).toBe(true);
    // No second try toward the same party.
    await expect(video.setCamera(true)).rejects.toThrow('takes no video');
    expect(call.reinviteCount()).toBe(1);
  });

  it('goes on when the party takes video, and off again in a second re-INVITE', async () => {
    const call = fakeCall(acceptedVideoAnswer);
    const video = new CallVideo(call.link, call.calls);
    await video.setCamera(true);
    expect(call.video()).toMatchObject({ camera: 'on', remoteVideos: [] });
    // The far end answered sendrecv: its video shows once its packets arrive, not before.
    call.remoteTrack(1).arrive();
    expect(call.video().remoteVideos).toEqual(['1']);
    expect(video.remoteVideos().map((remote) => remote.mid)).toEqual(['1']);
    await video.setCamera(false);
    expect(call.video().camera).toBe('off');
    expect(call.camera.stopped).toBe(true);
    expect(call.reinviteCount()).toBe(2);
  });

  it('goes back to off with a problem when the re-INVITE is refused or the camera will not open', async () => {
    const refused = fakeCall(() => new Error('re-INVITE refused with 488'));
    await expect(new CallVideo(refused.link, refused.calls).setCamera(true)).rejects.toThrow('488');
    expect(refused.video()).toMatchObject({ camera: 'off', problem: 'camera-failed' });
    expect(refused.camera.stopped).toBe(true);

    const noCamera = fakeCall(acceptedVideoAnswer);
    vi.mocked(noCamera.link.media.getUserMedia).mockRejectedValueOnce(new Error('NotAllowedError'));
    await expect(new CallVideo(noCamera.link, noCamera.calls).setCamera(true)).rejects.toThrow('NotAllowed');
    expect(noCamera.video()).toMatchObject({ camera: 'off', problem: 'camera-failed' });
    expect(noCamera.reinviteCount()).toBe(0);
  });
});

describe('a screen share on a call', () => {
  it('starts and stops, each in a re-INVITE; a refused one says video is not available', async () => {
    const call = fakeCall(acceptedVideoAnswer);
    const video = new CallVideo(call.link, call.calls);
    await video.startScreenShare();
    expect(call.video().screen).toBe('on');
    await video.stopScreenShare();
    expect(call.video().screen).toBe('off');
    expect(call.reinviteCount()).toBe(2);

    const trunk = fakeCall(refusedVideoAnswer);
    await expect(new CallVideo(trunk.link, trunk.calls).startScreenShare()).rejects.toThrow('takes no video');
    expect(trunk.video().screen).toBe('unavailable');
  });
});
