import { useId } from 'react';
import { useDesk, useTandem, useTandemShallow } from '../app/tandem-context.js';
import { useNow } from '../app/use-now.js';
import { useTranslator } from '../app/use-translator.js';
import {
  selectAgentState,
  selectAgentStatePending,
  selectAgentStateRefusal,
  selectNotOfferedBecause,
  selectNotReadyReason,
  selectNotReadyReasons,
  selectPresenceBlock,
  wrapUpSecondsLeft,
} from '../store/agent-state/selectors.js';

const WRAP_UP_EXTENSION_SECONDS = 30;

/**
 * The agent's ACD state and how to change it: Available, Not ready with a reason, Offline; the wrap-up
 * countdown with "extend"; and what keeps calls away although the agent is available (Teams presence).
 */
export function AgentStateBar() {
  const translator = useTranslator();
  const { t } = translator;
  const desk = useDesk();
  const state = useTandem(selectAgentState);
  const reason = useTandem(selectNotReadyReason);
  const reasons = useTandemShallow(selectNotReadyReasons);
  const pending = useTandem(selectAgentStatePending);
  const refusal = useTandem(selectAgentStateRefusal);
  const presenceBlock = useTandem(selectPresenceBlock);
  const otherBlocks = useTandemShallow(selectNotOfferedBecause);
  const now = useNow(state === 'WrapUp');
  const wrapUpLeft = useTandem((s) => wrapUpSecondsLeft(s, now));
  const reasonId = useId();
  const canChange = state !== 'Offered' && state !== 'OnCall' && !pending;

  const stateText =
    state === 'NotReady' && reason !== null
      ? t('agentState.notReadyBecause', { reason: reasonLabel(t, reason) })
      : t(`agentState.state.${state}` as const);

  return (
    <section className="state-bar" aria-label={t('agentState.heading')} data-state={state}>
      <p className="state-bar__state" role="status" aria-live="polite" data-testid="agent-state">
        <span className="state-bar__mark" aria-hidden="true" />
        {stateText}
        {wrapUpLeft !== null && (
          <span className="state-bar__countdown" data-testid="wrap-up-left">
            {' · '}
            {t('agentState.wrapUpLeft', { duration: translator.formatDuration(wrapUpLeft) })}
          </span>
        )}
      </p>
      <div className="state-bar__actions">
        <button
          type="button"
          className="button"
          disabled={!canChange || state === 'Available'}
          onClick={() => void desk.setAgentState({ state: 'Available' })}
        >
          {t('agentState.goAvailable')}
        </button>
        <label htmlFor={reasonId} className="visually-hidden">
          {t('agentState.notReadyReason')}
        </label>
        <select
          id={reasonId}
          value=""
          disabled={!canChange || reasons.length === 0}
          onChange={(event) => {
            if (event.target.value !== '')
              void desk.setAgentState({ state: 'NotReady', reason: event.target.value });
          }}
        >
          <option value="">{t('agentState.goNotReady')}</option>
          {reasons.map((candidate) => (
            <option key={candidate} value={candidate}>
              {reasonLabel(t, candidate)}
            </option>
          ))}
        </select>
        {state === 'WrapUp' && (
          <button
            type="button"
            className="button"
            disabled={pending}
            onClick={() => void desk.extendWrapUp(WRAP_UP_EXTENSION_SECONDS)}
          >
            {t('agentState.extendWrapUp', { seconds: WRAP_UP_EXTENSION_SECONDS })}
          </button>
        )}
        <button
          type="button"
          className="button button--quiet"
          disabled={!canChange || state === 'Offline'}
          onClick={() => void desk.setAgentState({ state: 'Offline' })}
        >
          {t('agentState.goOffline')}
        </button>
      </div>
      {state === 'Available' && presenceBlock !== null && (
        <p className="state-bar__blocked" data-testid="not-offered">
          {t('agentState.presenceBlocks', { activity: presenceBlock })}
        </p>
      )}
      {state === 'Available' && otherBlocks.length > 0 && (
        <p className="state-bar__blocked">
          {t('agentState.notOffered', { reasons: otherBlocks.join(', ') })}
        </p>
      )}
      {refusal !== null && (
        <p className="state-bar__refusal" role="alert">
          {t('agentState.refused', { reason: refusal })}
        </p>
      )}
    </section>
  );
}

type Translate = ReturnType<typeof useTranslator>['t'];

/** A known reason in the agent's language; a reason configured on the server as it is written there. */
function reasonLabel(t: Translate, reason: string): string {
  const known = ['break', 'lunch', 'training', 'meeting', 'coaching', 'rona', 'direct-call'] as const;
  return (known as readonly string[]).includes(reason)
    ? t(`agentState.reason.${reason as (typeof known)[number]}` as const)
    : reason;
}
