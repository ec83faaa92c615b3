import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDesk } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { DirectoryResults, useDirectorySearch } from './directory-search.js';
import { TeamsDirectoryResults } from './teams-directory-results.js';

type Way = 'blind' | 'consult' | 'conference';

/**
 * Where the caller goes: an agent or a queue found by searching the server's directory, a Teams user found
 * in the Teams directory (when the server has one), or a number typed in; then a blind transfer, a consult first (the caller holds), or adding the party to the call.
 */
export function TransferPanel(props: { onDone(): void; onCancel(): void }) {
  const { t } = useTranslator();
  const desk = useDesk();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState<Way | null>(null);
  const [failed, setFailed] = useState<Way | null>(null);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const entries = useDirectorySearch(target, { listWhenEmpty: true });

  const run = (way: Way) => {
    const chosen = target.trim();
    if (busy !== null || chosen === '') return;
    setBusy(way);
    setFailed(null);
    const action =
      way === 'blind'
        ? desk.call.transfer(chosen)
        : way === 'consult'
          ? desk.call.consult(chosen)
          : desk.addToConference(chosen);
    action.then(
      () => {
        setBusy(null);
        props.onDone();
      },
      () => {
        setBusy(null);
        setFailed(way);
      },
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run('blind');
  };

  return (
    <form
      className="transfer-form"
      data-testid="transfer-panel"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <label htmlFor={id}>{t('transfer.search')}</label>
      <input
        id={id}
        ref={input}
        type="search"
        autoComplete="off"
        value={target}
        aria-controls={`${id}-results`}
        onChange={(event) => setTarget(event.target.value)}
      />
      <DirectoryResults
        id={`${id}-results`}
        className="transfer-form__results"
        entries={entries}
        chosen={target}
        onChoose={(entry) => setTarget(entry.dial)}
      />
      <TeamsDirectoryResults query={target} chosen={target} onChoose={setTarget} />
      <div className="call-panel__actions">
        <button type="submit" className="button button--primary" disabled={busy !== null}>
          {t('transfer.submit')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => run('consult')}>
          {t('transfer.consult')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => run('conference')}>
          {t('transfer.conference')}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          {t('transfer.cancel')}
        </button>
      </div>
      {failed !== null && (
        <p className="transfer-form__problem" role="alert">
          {t(
            failed === 'blind'
              ? 'call.refused.transfer'
              : failed === 'consult'
                ? 'call.refused.consult'
                : 'call.refused.conference',
          )}
        </p>
      )}
    </form>
  );
}
