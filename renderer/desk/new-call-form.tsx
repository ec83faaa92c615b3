import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { DirectoryEntry } from '../services/agent-api.js';
import { DirectoryResults, useDirectorySearch } from './directory-search.js';

/**
 * Whom to call: an agent or a queue found by searching the server's directory, or a number (extension,
 * phone number, SIP address) typed in. Submitting places the call; the call panel then shows its progress.
 */
export function NewCallForm(props: { onPlaced(): void; onCancel(): void }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [target, setTarget] = useState('');
  const [chosen, setChosen] = useState<DirectoryEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const entries = useDirectorySearch(target, { listWhenEmpty: false });

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
      <DirectoryResults
        id={`${id}-results`}
        className="new-call-form__results"
        entries={entries}
        chosen={target}
        onChoose={(entry) => {
          setTarget(entry.dial);
          setChosen(entry);
        }}
      />
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
