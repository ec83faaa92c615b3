import { useEffect, useRef } from 'react';
import { useDesk, useTandem, useTandemShallow } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectActiveCall } from '../store/calls/selectors.js';
import { initialCallVideo, videoSettled } from '../store/calls/video-state.js';

/**
 * Video on the call: camera on/off, share a screen or window and stop sharing, and the far end's video.
 * A party that takes no video (a trunk caller, a desk phone) refuses it: the desk says so and the call
 * goes on with audio.
 */
export function VideoPanel() {
  const { t } = useTranslator();
  const desk = useDesk();
  const connected = useTandem((state) => selectActiveCall(state)?.phase === 'active');
  const video = useTandem((state) => selectActiveCall(state)?.video ?? initialCallVideo);
  const party = useTandem((state) => {
    const call = selectActiveCall(state);
    return call ? (call.remoteName ?? call.remoteNumber) : '';
  });
  if (!connected) return null;
  const unavailable = video.camera === 'unavailable' || video.screen === 'unavailable';
  const cameraOn = video.camera === 'on' || video.camera === 'stopping';
  const sharing = video.screen === 'on' || video.screen === 'stopping';
  const ignore = () => undefined;
  return (
    <div className="video-panel" role="group" aria-label={t('video.heading')} data-testid="video-panel">
      <div className="call-panel__actions">
        <button
          type="button"
          className="button"
          aria-pressed={cameraOn}
          disabled={unavailable || !videoSettled(video.camera)}
          data-state={video.camera}
          onClick={() => void desk.call.setCamera(!cameraOn).catch(ignore)}
        >
          {t(cameraOn ? 'video.cameraOff' : 'video.cameraOn')}
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={sharing}
          disabled={unavailable || !videoSettled(video.screen)}
          data-state={video.screen}
          onClick={() =>
            void (sharing ? desk.call.stopScreenShare() : desk.call.startScreenShare()).catch(ignore)
          }
        >
          {t(sharing ? 'video.stopSharing' : 'video.shareScreen')}
        </button>
      </div>
      {unavailable && (
        <p className="video-panel__note" data-testid="video-unavailable" role="status">
          {t('video.unavailable')}
        </p>
      )}
      {video.problem !== null && (
        <p className="video-panel__note" role="alert">
          {t(video.problem === 'camera-failed' ? 'video.problem.camera' : 'video.problem.screen')}
        </p>
      )}
      {cameraOn && <SelfView />}
      <RemoteVideos party={party} />
    </div>
  );
}

/** The agent's own camera while it is on, small and mirrored (as a mirror shows her), never heard. */
function SelfView() {
  const { t } = useTranslator();
  const desk = useDesk();
  const element = useRef<HTMLVideoElement>(null);
  const camera = useTandem((state) => selectActiveCall(state)?.video.camera);
  useEffect(() => {
    const video = element.current;
    if (!video) return;
    const stream = desk.call.selfView();
    if (video.srcObject !== stream) video.srcObject = stream;
    void video.play().catch(() => undefined);
  }, [desk, camera]);
  return (
    <video
      ref={element}
      className="video-panel__self"
      data-testid="self-view"
      aria-label={t('video.self')}
      autoPlay
      playsInline
      muted
    />
  );
}

/** One <video> for each m-line the far end's video arrives on (its camera, its screen share). */
function RemoteVideos(props: { party: string }) {
  const mids = useTandemShallow((state) => selectActiveCall(state)?.video.remoteVideos ?? []);
  if (mids.length === 0) return null;
  return (
    <div className="video-panel__remote">
      {mids.map((mid) => (
        <RemoteVideo key={mid} mid={mid} party={props.party} />
      ))}
    </div>
  );
}

function RemoteVideo(props: { mid: string; party: string }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const element = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = element.current;
    if (!video) return;
    const remote = desk.call.remoteVideos().find((candidate) => candidate.mid === props.mid);
    if (video.srcObject !== (remote?.stream ?? null)) video.srcObject = remote?.stream ?? null;
    // Muted: the call's sound plays through the softphone's own audio element.
    void video.play().catch(() => undefined);
  });
  return (
    <video
      ref={element}
      className="video-panel__video"
      data-mid={props.mid}
      data-testid="remote-video"
      aria-label={t('video.remote', { party: props.party })}
      autoPlay
      playsInline
      muted
    />
  );
}
