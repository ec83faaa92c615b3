import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectEndedCall, selectPlacedCall } from '../store/calls/selectors.js';

/** A placed call before the answer: whom it is calling, whether it rings there, and a way to cancel. */
export function PlacedCallProgress() {
  const { t } = useTranslator();
  const desk = useDesk();
  const call = useTandem(selectPlacedCall);
  if (call === null) return null;
  const target = call.remoteName ?? call.remoteNumber;
  return (
    <div className="placed-call" data-testid="placed-call" data-progress={call.progress ?? 'calling'}>
      <p role="status">
        {t(call.progress === 'ringing' ? 'newCall.ringing' : 'newCall.calling', { target })}
      </p>
      <button type="button" className="button" onClick={() => void desk.call.hangUp().catch(() => undefined)}>
        {t('newCall.cancelCall')}
      </button>
    </div>
  );
}

/** Which words say why a placed call was refused (RFC 3261 section 21 status codes). */
type RefusalKey =
  | 'newCall.refused.busy'
  | 'newCall.refused.declined'
  | 'newCall.refused.forbidden'
  | 'newCall.refused.notFound'
  | 'newCall.refused.unavailable'
  | 'newCall.refused.other';

export function refusalMessage(status: number): RefusalKey {
  if (status === 486 || status === 600) return 'newCall.refused.busy';
  if (status === 603) return 'newCall.refused.declined';
  if (status === 403) return 'newCall.refused.forbidden';
  if (status === 404 || status === 484 || status === 604) return 'newCall.refused.notFound';
  if (status === 480 || status === 408 || status === 503 || status === 504)
    return 'newCall.refused.unavailable';
  return 'newCall.refused.other';
}

/** After a placed call the far end refused: why, in the agent's words. */
export function DialRefusalNote() {
  const { t } = useTranslator();
  const call = useTandem(selectEndedCall);
  if (call === null || call.direction !== 'outgoing' || call.dialRefusedWith === null) return null;
  const number = call.remoteName ?? call.remoteNumber;
  const key = refusalMessage(call.dialRefusedWith);
  return (
    <p className="placed-call__refusal" data-testid="dial-refusal" role="alert">
      {key === 'newCall.refused.other'
        ? t(key, { number, status: String(call.dialRefusedWith) })
        : t(key, { number })}
    </p>
  );
}
