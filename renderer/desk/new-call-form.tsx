import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { DirectoryEntry } from '../services/agent-api.js';
import { agentStateNames, type AgentStateName } from '../store/agent-state/initial-state.js';

/** How long typing pauses before the directory is asked. */
const SEARCH_DELAY_MS = 250;

/**
 * Whom to call: an agent or a queue found by searching the server's directory, or a number (extension,
 * phone number, SIP address) typed in. Submitting places the call; the call panel then shows its progress.
 */
export function NewCallForm(props: { onPlaced(): void; onCancel(): void }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [target, setTarget] = useState('');
  const [chosen, setChosen] = useState<DirectoryEntry | null>(null);
  const [entries, setEntries] = useState<DirectoryEntry[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    let current = true;
    const query = target.trim();
    if (query === '') {
      setEntries(null);
      return;
    }
    const timer = setTimeout(() => {
      desk.searchDirectory(query).then(
        (found) => current && setEntries(found),
        () => current && setEntries(null),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [desk, target]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dialled = target.trim();
    if (busy || dialled === '') return;
    setBusy(true);
    setFailed(false);
    const name = chosen !== null && chosen.dial === dialled ? chosen.label : undefined;
    desk.call.dial(dialled, name).then(
      () => {
        setBusy(false);
        props.onPlaced();
      },
      () => {
        setBusy(false);
        setFailed(true);
      },
    );
  };

  return (
    <form
      className="new-call-form"
      data-testid="new-call"
      aria-labelledby={`${id}-heading`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h2 id={`${id}-heading`}>{t('newCall.heading')}</h2>
      <label htmlFor={id}>{t('newCall.search')}</label>
      <input
        id={id}
        ref={input}
        type="search"
        autoComplete="off"
        value={target}
        aria-controls={`${id}-results`}
        onChange={(event) => {
          setTarget(event.target.value);
          setFailed(false);
        }}
      />
      <ul id={`${id}-results`} className="new-call-form__results" aria-label={t('transfer.results')}>
        {entries?.map((entry) => (
          <li key={`${entry.kind}:${entry.name}`}>
            <button
              type="button"
              className="button button--quiet"
              aria-pressed={target === entry.dial}
              data-dial={entry.dial}
              onClick={() => {
                setTarget(entry.dial);
                setChosen(entry);
              }}
            >
              {entry.kind === 'agent'
                ? t('transfer.agentEntry', {
                    label: entry.label,
                    dial: entry.dial,
                    state: (agentStateNames as readonly string[]).includes(entry.state ?? '')
                      ? t(`agentState.state.${entry.state as AgentStateName}` as const)
                      : (entry.state ?? ''),
                  })
                : t('transfer.queueEntry', { label: entry.label, dial: entry.dial })}
            </button>
          </li>
        ))}
        {entries !== null && entries.length === 0 && <li>{t('transfer.noResults')}</li>}
      </ul>
      <div className="call-panel__actions">
        <button type="submit" className="button button--primary" disabled={busy || target.trim() === ''}>
          {t('newCall.call')}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          {t('newCall.close')}
        </button>
      </div>
      {failed && (
        <p className="new-call-form__problem" role="alert">
          {t('newCall.failed')}
        </p>
      )}
    </form>
  );
}
