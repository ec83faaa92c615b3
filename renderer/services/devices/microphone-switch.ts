/**
 * Changing the microphone in the middle of a call: a new track from the chosen device replaces the one the
 * call sends (`RTCRtpSender.replaceTrack`, JSEP / RFC 8829 section 3.7: no renegotiation for a track of the
 * same kind), keeping it muted when the call was muted or held. The old device is released afterwards.
 */

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** The constraints for a microphone choice (null: the system default). */
export function microphoneConstraints(microphoneId: string | null): MediaStreamConstraints {
  return { audio: microphoneId === null ? true : { deviceId: { exact: microphoneId } }, video: false };
}

/** Replaces the call's audio track with one from `microphoneId`; resolves with the new track. */
export async function switchMicrophone(
  peerConnection: RTCPeerConnection,
  microphoneId: string | null,
  getUserMedia: GetUserMedia,
): Promise<MediaStreamTrack> {
  const sender = peerConnection.getSenders().find((each) => each.track?.kind === 'audio');
  if (!sender) throw new TypeError('the call sends no audio to replace');
  const stream = await getUserMedia(microphoneConstraints(microphoneId));
  const [track] = stream.getAudioTracks();
  if (!track) throw new TypeError('the microphone gave no audio track');
  const old = sender.track;
  // Mute and hold disable the sent track (SIP.js enableSenderTracks); the new one must not undo that.
  track.enabled = old?.enabled ?? true;
  try {
    await sender.replaceTrack(track);
  } catch (error) {
    track.stop();
    throw error;
  }
  old?.stop();
  return track;
}
