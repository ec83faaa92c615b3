import { useTandemShallow } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';

/** Who else is on the call after the agent added them (a three-way conference). */
export function ConferenceNote() {
  const { t } = useTranslator();
  const parties = useTandemShallow((state) => state.calls.current?.conferenceParties ?? []);
  if (parties.length === 0) return null;
  return (
    <p className="call-panel__conference" role="status" data-testid="conference">
      {t('call.conference', { parties: parties.join(', ') })}
    </p>
  );
}
