/**
 * What the agents' Chromium must be launched with, on top of the journeys' switches (playwright.config.ts):
 *
 * - `--webrtc-ip-handling-policy=default_public_and_private_interfaces`: no interface enumeration, one media
 *   socket on 0.0.0.0. Without it Chromium also pairs its non-loopback address with the peer's 127.0.0.1 and
 *   media runs over that address, which tests must not use (TESTING.md; page/loopback-sdp.dom.ts says how
 *   the candidate is then announced as 127.0.0.1).
 * - `--use-file-for-fake-audio-capture=<wav>`: the fake microphone plays a steady tone (tone-wav.node.ts)
 *   instead of its short beeps.
 */
import { toneFile } from './tone-wav.node.js';

export const loopbackWebRtcSwitch = '--webrtc-ip-handling-policy=default_public_and_private_interfaces';

/** Chromium's switch that makes the fake microphone play `file` in a loop. */
export function fakeMicrophoneSwitch(file: string = toneFile()): string {
  return `--use-file-for-fake-audio-capture=${file}`;
}

export function agentChromiumSwitches(): string[] {
  return [loopbackWebRtcSwitch, fakeMicrophoneSwitch()];
}
