/**
 * The agent's audio devices at work: lists them (again on `devicechange`), remembers the choices, sends each
 * call's far end to the chosen speaker (`setSinkId` on the softphone's <audio> elements, also while a call
 * is up), switches the microphone of a call in progress, rings on the ringer device while an offer rings
 * (stopped on answer, decline, or the caller giving up), plays the test tone and runs the level meter.
 *
 * Failures never break a call: the choice is kept, the default device serves, and the store's
 * `devices.problem` says what went wrong.
 */
import { selectRingingCall } from '../../store/calls/selectors.js';
import type { DeviceRole } from '../../store/devices/actions.js';
import type { DeviceProblem } from '../../store/devices/initial-state.js';
import {
  selectActiveMicrophone,
  selectActiveRinger,
  selectActiveSpeaker,
} from '../../store/devices/selectors.js';
import type { TandemStore } from '../../store/store.js';
import { listAudioDevices } from './device-list.js';
import { loadDeviceChoices, saveDeviceChoice, type DeviceStorage } from './device-preferences.js';
import type { DeviceService } from './device-service-types.js';
import { startLevelMeter } from './microphone-level.js';
import { microphoneConstraints, switchMicrophone } from './microphone-switch.js';
import { playTone, RINGTONE, TEST_TONE, type PlayingTone } from './tone-player.js';

export interface DeviceServiceDeps {
  readonly store: TandemStore;
  /** `navigator.mediaDevices`; undefined on an insecure page. */
  readonly mediaDevices: MediaDevices | undefined;
  readonly storage: DeviceStorage | undefined;
  /** Where the softphone puts each call's <audio data-call-id>, and where tones play. */
  readonly audioParent: HTMLElement;
  /** The current call's peer connection, if there is a call. */
  readonly peerConnection: () => RTCPeerConnection | undefined;
  readonly createAudioContext?: () => AudioContext;
  /** How tones play (tone-player.ts); tests replace it. */
  readonly playTone?: typeof playTone;
  /** Whether outputs can be chosen; by default, whether this browser has `HTMLMediaElement.setSinkId`. */
  readonly outputSelectable?: boolean;
}

type SinkableAudio = HTMLAudioElement & { setSinkId?: (sinkId: string) => Promise<void> };

const CALL_AUDIO = 'audio[data-call-id]';

const problemOf = (error: unknown, otherwise: DeviceProblem): DeviceProblem =>
  error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'SecurityError')
    ? 'permission-denied'
    : otherwise;

export function createDeviceService(deps: DeviceServiceDeps): DeviceService {
  const { store, mediaDevices, audioParent } = deps;
  const actions = () => store.getState().actions.devices;
  const createAudioContext = deps.createAudioContext ?? (() => new AudioContext());
  const getUserMedia = (constraints: MediaStreamConstraints) => {
    if (!mediaDevices) return Promise.reject(new TypeError('media devices are unavailable on this page'));
    return mediaDevices.getUserMedia(constraints);
  };
  const outputSelectable =
    deps.outputSelectable ??
    (typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype);
  const play = deps.playTone ?? playTone;
  let stopped = false;

  actions().restored(loadDeviceChoices(deps.storage));

  const sendToSpeaker = async (audio: SinkableAudio) => {
    if (!outputSelectable || !audio.setSinkId) return;
    try {
      await audio.setSinkId(selectActiveSpeaker(store.getState()) ?? '');
    } catch {
      actions().problem('speaker-failed');
    }
  };
  const sendCallsToSpeaker = () =>
    Promise.all([...audioParent.querySelectorAll<SinkableAudio>(CALL_AUDIO)].map(sendToSpeaker));

  /** The call's microphone as chosen now; after an unplugged device, the default. */
  const switchCallMicrophone = async () => {
    const connection = deps.peerConnection();
    if (!connection || connection.connectionState === 'closed') return;
    try {
      await switchMicrophone(connection, selectActiveMicrophone(store.getState()), getUserMedia);
    } catch (error) {
      actions().problem(problemOf(error, 'microphone-failed'));
    }
  };

  const refresh = async (askPermission = false) => {
    if (!mediaDevices) {
      actions().problem('unsupported');
      return;
    }
    if (askPermission) {
      try {
        const stream = await getUserMedia(microphoneConstraints(null));
        for (const track of stream.getTracks()) track.stop();
      } catch (error) {
        actions().problem(problemOf(error, 'microphone-failed'));
      }
    }
    try {
      actions().listed(listAudioDevices(await mediaDevices.enumerateDevices(), outputSelectable));
    } catch {
      actions().problem('unsupported');
      return;
    }
    // A microphone unplugged during a call ends its track: carry on with the default one.
    const connection = deps.peerConnection();
    const sent = connection?.getSenders().find((sender) => sender.track?.kind === 'audio')?.track;
    if (sent?.readyState === 'ended') await switchCallMicrophone();
  };

  // The ringtone: one at a time; a newer start or a stop wins over a start still opening its output.
  let ringing: PlayingTone | undefined;
  let ringGeneration = 0;
  const stopRinging = () => {
    ringGeneration += 1;
    ringing?.stop();
    ringing = undefined;
  };
  const startRinging = async () => {
    stopRinging();
    const generation = ringGeneration;
    try {
      const tone = await play(RINGTONE, selectActiveRinger(store.getState()), 'ringtone', {
        createAudioContext,
        parent: audioParent,
      });
      if (generation === ringGeneration && !stopped) ringing = tone;
      else tone.stop();
    } catch {
      if (generation === ringGeneration) actions().problem('speaker-failed');
    }
  };

  const observer =
    typeof MutationObserver === 'undefined'
      ? undefined
      : new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes)
              if (node instanceof Element && node.matches(CALL_AUDIO))
                void sendToSpeaker(node as SinkableAudio);
        });
  observer?.observe(audioParent, { childList: true, subtree: true });

  const unsubscribe = store.subscribe((state, previous) => {
    const isRinging = selectRingingCall(state) !== null;
    if (isRinging && selectRingingCall(previous) === null) void startRinging();
    else if (!isRinging && selectRingingCall(previous) !== null) stopRinging();
    // Once a call is up the microphone was allowed: device names are known now.
    if (state.calls.current?.phase === 'active' && previous.calls.current?.phase !== 'active')
      void refresh(false);
  });

  const onDeviceChange = () => void refresh(false);
  mediaDevices?.addEventListener('devicechange', onDeviceChange);
  void refresh(false);

  return {
    refresh,
    async choose(role: DeviceRole, deviceId: string | null) {
      actions().chosen(role, deviceId);
      saveDeviceChoice(deps.storage, role, deviceId);
      if (role === 'microphone') await switchCallMicrophone();
      else if (role === 'speaker') await sendCallsToSpeaker();
      else if (ringing) await startRinging();
    },
    async playTestTone(role) {
      const sinkId =
        role === 'ringer' ? selectActiveRinger(store.getState()) : selectActiveSpeaker(store.getState());
      try {
        const tone = await play(TEST_TONE, sinkId, 'test-tone', {
          createAudioContext,
          parent: audioParent,
        });
        await tone.done;
      } catch {
        actions().problem('speaker-failed');
      }
    },
    startLevelMeter() {
      let stopMeter: (() => void) | undefined;
      let cancelled = false;
      startLevelMeter(selectActiveMicrophone(store.getState()), {
        getUserMedia,
        createAudioContext,
        onLevel: (level) => actions().levelMeasured(level),
      }).then(
        (stop) => {
          if (cancelled) stop();
          else stopMeter = stop;
        },
        (error: unknown) => actions().problem(problemOf(error, 'microphone-failed')),
      );
      return () => {
        cancelled = true;
        stopMeter?.();
        actions().levelMeasured(null);
      };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      observer?.disconnect();
      mediaDevices?.removeEventListener('devicechange', onDeviceChange);
      stopRinging();
    },
  };
}
