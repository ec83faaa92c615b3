import { useDesk, useTandem } from '../app/tandem-context.js';
import { useNow } from '../app/use-now.js';
import { useTranslator } from '../app/use-translator.js';
import { selectActiveCall, selectEndedCall, talkSeconds } from '../store/calls/selectors.js';
import { CallQualityIndicator } from './call-quality-indicator.js';
import { ConferenceNote } from './conference-note.js';
import { ConsultBar } from './consult-bar.js';
import { DialPad } from './dial-pad.js';
import { shortcutLabels } from './keyboard-shortcuts.js';
import { DialRefusalNote, PlacedCallProgress } from './new-call-progress.js';
import { RecordingToggle } from './recording-toggle.js';
import { TransferPanel } from './transfer-panel.js';
import { VideoPanel } from './video-panel.js';
import { WrapUpForm } from './wrap-up-form.js';

/** Minutes and seconds as a call timer shows them, `4:05`, `1:02:03`. */
export function clockText(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** The call the agent is on: timer, hold, mute, keypad, transfer, hang up. */
export function ActiveCallPanel(props: {
  keypadOpen: boolean;
  onKeypadToggle(): void;
  transferOpen: boolean;
  onTransferToggle(): void;
}) {
  const { t } = useTranslator();
  const desk = useDesk();
  const call = useTandem(selectActiveCall);
  const now = useNow(call !== null);
  if (call === null) return <EndedCallNote />;
  const connected = call.phase === 'active';
  return (
    <section
      className="card call-panel"
      aria-labelledby="active-heading"
      data-testid="active-call"
      data-held={call.held}
    >
      <h2 id="active-heading">
        {t(call.held ? 'call.onHold' : connected ? 'call.active' : 'call.connecting')}
      </h2>
      <p className="call-panel__party">
        <span className="call-panel__number">{call.remoteNumber}</span>
        {call.remoteName !== null && <span className="call-panel__name"> · {call.remoteName}</span>}
      </p>
      <p className="call-panel__timer" data-testid="call-timer" aria-label={t('call.timer')}>
        <time>{clockText(talkSeconds(call, now))}</time>
      </p>
      <PlacedCallProgress />
      {connected && <CallQualityIndicator />}
      <div className="call-panel__actions">
        <button
          type="button"
          className="button"
          aria-pressed={call.held}
          aria-keyshortcuts="Alt+H"
          disabled={!connected || call.busy}
          onClick={() => void desk.call.setHeld(!call.held).catch(() => undefined)}
        >
          {t(call.held ? 'call.resume' : 'call.hold')} <kbd>{shortcutLabels.hold}</kbd>
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={call.muted}
          aria-keyshortcuts="Alt+M"
          disabled={!connected}
          onClick={() => desk.call.setMuted(!call.muted)}
        >
          {t(call.muted ? 'call.unmute' : 'call.mute')} <kbd>{shortcutLabels.mute}</kbd>
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={props.keypadOpen}
          aria-keyshortcuts="Alt+K"
          onClick={props.onKeypadToggle}
        >
          {t('call.keypad')} <kbd>{shortcutLabels.keypad}</kbd>
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={props.transferOpen}
          aria-keyshortcuts="Alt+T"
          disabled={!connected}
          onClick={props.onTransferToggle}
        >
          {t('call.transfer')} <kbd>{shortcutLabels.transfer}</kbd>
        </button>
        <RecordingToggle />
        <button
          type="button"
          className="button button--danger"
          aria-keyshortcuts="Control+Shift+H"
          onClick={() => void desk.call.hangUp().catch(() => undefined)}
        >
          {t('call.hangUp')} <kbd>{shortcutLabels.hangUp}</kbd>
        </button>
      </div>
      {call.refusal !== null && (
        <p className="call-panel__refusal" role="alert">
          {t(
            `call.refused.${call.refusal as 'hold' | 'resume' | 'transfer' | 'keys' | 'consult' | 'recording' | 'conference'}` as const,
          )}
        </p>
      )}
      {props.keypadOpen && connected && (
        <DialPad onDigit={(digit) => void desk.call.sendDigits(digit).catch(() => undefined)} />
      )}
      {props.transferOpen && connected && (
        <TransferPanel onDone={props.onTransferToggle} onCancel={props.onTransferToggle} />
      )}
      <ConsultBar />
      <ConferenceNote />
      <VideoPanel />
    </section>
  );
}

/** After a call: how it ended, until the next one rings or the agent dismisses it. */
function EndedCallNote() {
  const { t } = useTranslator();
  const call = useTandem(selectEndedCall);
  const dismiss = useTandem((state) => state.actions.calls.dismissed);
  if (call === null || call.ending === null) return null;
  return (
    <section className="card call-panel call-panel--ended" data-testid="ended-call" aria-live="polite">
      <p>{t(`call.ended.${call.ending}` as const, { number: call.remoteNumber })}</p>
      <DialRefusalNote />
      <WrapUpForm />
      <button type="button" className="button button--quiet" onClick={dismiss}>
        {t('call.dismiss')}
      </button>
    </section>
  );
}
