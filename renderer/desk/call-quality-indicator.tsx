import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectLiveQuality } from '../store/call-quality/selectors.js';

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * The live quality of the call the agent is on: a level (good, fair, poor), the estimated MOS, round-trip
 * time, jitter and loss of the last second, and a warning the agent hears about (role=alert) when it is poor.
 */
export function CallQualityIndicator() {
  const { t } = useTranslator();
  const quality = useTandem(selectLiveQuality);
  if (quality === null) {
    return (
      <p className="call-quality call-quality--measuring" data-testid="call-quality" data-level="none">
        {t('quality.measuring')}
      </p>
    );
  }
  return (
    <div
      className={`call-quality call-quality--${quality.level}`}
      data-testid="call-quality"
      data-level={quality.level}
      data-mos={quality.mos}
    >
      <p className="call-quality__figures" aria-label={t('quality.heading')}>
        <span className="call-quality__level">{t(`quality.level.${quality.level}`)}</span>
        <span data-testid="call-quality-mos">{t('quality.mos', { mos: oneDecimal(quality.mos) })}</span>
        <span data-testid="call-quality-rtt">
          {quality.roundTripMs === null
            ? t('quality.roundTripUnknown')
            : t('quality.roundTrip', { ms: Math.round(quality.roundTripMs) })}
        </span>
        <span data-testid="call-quality-jitter">
          {t('quality.jitter', { ms: oneDecimal(quality.jitterMs) })}
        </span>
        <span data-testid="call-quality-loss">
          {t('quality.loss', { percent: oneDecimal(quality.lossPercent) })}
        </span>
      </p>
      {quality.level === 'poor' && (
        <p className="call-quality__warning" role="alert">
          {t('quality.warning')}
        </p>
      )}
    </div>
  );
}
