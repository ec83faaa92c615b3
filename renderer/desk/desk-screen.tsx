import { useEffect, useRef, useState } from 'react';
import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { useHistory } from '../history/history-context.js';
import { HistoryScreen } from '../history/history-screen.js';
import type { TandemStore } from '../store/store.js';
import { selectActiveCall, selectRingingCall } from '../store/calls/selectors.js';
import { selectSignedInAgent } from '../store/session/selectors.js';
import { ActiveCallPanel } from './active-call-panel.js';
import { AgentStateBar } from './agent-state-bar.js';
import { CallSettings } from './call-settings.js';
import { ConnectionStatus } from './connection-status.js';
import { DeviceSettingsButton } from './device-settings.js';
import { IncomingCallPanel } from './incoming-call-panel.js';
import { NewCallEntry } from './new-call-entry.js';
import { shortcutFor, shortcutLabels } from './keyboard-shortcuts.js';
import { QueueOverview } from './queue-overview.js';
import { ShortcutHelp } from './shortcut-help.js';

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type)));

/** The signed-in agent's screen: state bar, the call, the queues; keyboard shortcuts for every call action. */
export function DeskScreen(props: { store: TandemStore }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const agent = useTandem(selectSignedInAgent);
  const ringing = useTandem(selectRingingCall) !== null;
  const onCall = useTandem(selectActiveCall) !== null;
  const [helpOpen, setHelpOpen] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  // The History view, when the history service is there; a call (ringing or on) always brings the desk back.
  const history = useHistory();
  const [view, setView] = useState<'desk' | 'history'>('desk');
  const showHistory = history !== null && view === 'history' && !ringing && !onCall;
  const state = useRef({ store: props.store, desk });
  state.current = { store: props.store, desk };

  useEffect(() => void ((onCall || ringing) && setView('desk')), [onCall, ringing]);
  useEffect(() => {
    if (!onCall) {
      setKeypadOpen(false);
      setTransferOpen(false);
    }
  }, [onCall]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event, isTextField(event.target));
      if (action === null) return;
      const { store, desk: controls } = state.current;
      const calls = store.getState();
      const ringingCall = selectRingingCall(calls);
      const activeCall = selectActiveCall(calls);
      const ignore = () => undefined;
      switch (action) {
        case 'answer':
          if (!ringingCall) return;
          void controls.call.answer().catch(ignore);
          break;
        case 'hangUp':
          if (ringingCall) void controls.call.decline().catch(ignore);
          else if (activeCall) void controls.call.hangUp().catch(ignore);
          else return;
          break;
        case 'hold':
          if (activeCall?.phase !== 'active' || activeCall.busy) return;
          void controls.call.setHeld(!activeCall.held).catch(ignore);
          break;
        case 'mute':
          if (activeCall?.phase !== 'active') return;
          controls.call.setMuted(!activeCall.muted);
          break;
        case 'keypad':
          if (!activeCall) return;
          setKeypadOpen((open) => !open);
          break;
        case 'transfer':
          if (activeCall?.phase !== 'active') return;
          setTransferOpen((open) => !open);
          break;
        case 'help':
          setHelpOpen(true);
          break;
        case 'close':
          return; // dialogs and forms close themselves on Escape
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="desk">
      <div className="desk__top">
        <p className="desk__agent">{t('desk.signedInAs', { agent: agent ?? '' })}</p>
        <ConnectionStatus />
        <DeviceSettingsButton />
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setHelpOpen(true)}
          aria-keyshortcuts="Shift+?"
        >
          {t('shortcuts.open')} <kbd>{shortcutLabels.help}</kbd>
        </button>
        {history !== null && (
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={showHistory}
            aria-controls="desk-view"
            onClick={() => setView(showHistory ? 'desk' : 'history')}
          >
            {showHistory ? t('history.backToDesk') : t('history.open')}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={() => void desk.signOut()}>
          {t('desk.signOut')}
        </button>
      </div>
      <AgentStateBar />
      {showHistory ? (
        <div id="desk-view">
          <HistoryScreen />
        </div>
      ) : (
        <div className="desk__main" id="desk-view">
          <div className="desk__call">
            {ringing ? (
              <IncomingCallPanel />
            ) : (
              <ActiveCallPanel
                keypadOpen={keypadOpen}
                onKeypadToggle={() => setKeypadOpen((open) => !open)}
                transferOpen={transferOpen}
                onTransferToggle={() => setTransferOpen((open) => !open)}
              />
            )}
            <NewCallEntry />
          </div>
          <QueueOverview />
          <CallSettings />
        </div>
      )}
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
