import { useEffect, useId, useState, type FormEvent } from 'react';
import { useDesk, useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectEndedCall } from '../store/calls/selectors.js';

/** The wrap-up codes Tandem ships with, translated; the server may configure others (shown as written). */
export const knownDispositions = ['resolved', 'follow-up', 'escalated', 'wrong-number', 'no-action'] as const;
type KnownDisposition = (typeof knownDispositions)[number];

type Saving = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * After a call: notes and a disposition code, saved on the call's record on the server (the history
 * annotations API), while the wrap-up countdown runs (the state bar extends it).
 */
export function WrapUpForm() {
  const translator = useTranslator();
  const { t } = translator;
  const desk = useDesk();
  const call = useTandem(selectEndedCall);
  const [codes, setCodes] = useState<readonly string[]>(knownDispositions);
  const [disposition, setDisposition] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState<Saving>('idle');
  const id = useId();
  const serverCallId = call?.serverCallId ?? null;

  useEffect(() => {
    let current = true;
    desk.dispositions().then(
      (fromServer) => current && fromServer.length > 0 && setCodes(fromServer),
      () => undefined, // the default list stays
    );
    return () => {
      current = false;
    };
  }, [desk]);

  useEffect(() => {
    setDisposition('');
    setNote('');
    setSaving('idle');
  }, [serverCallId]);

  if (call === null || serverCallId === null || call.answeredAt === null) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving === 'saving' || (disposition === '' && note.trim() === '')) return;
    setSaving('saving');
    desk.saveWrapUp({ note, disposition: disposition === '' ? null : disposition }).then(
      () => setSaving('saved'),
      () => setSaving('failed'),
    );
  };

  const label = (code: string) =>
    (knownDispositions as readonly string[]).includes(code)
      ? t(`wrapUp.code.${code as KnownDisposition}` as const)
      : code;

  return (
    <form className="wrap-up" aria-labelledby={`${id}-heading`} data-testid="wrap-up" onSubmit={submit}>
      <h3 id={`${id}-heading`}>{t('wrapUp.heading')}</h3>
      <label htmlFor={`${id}-disposition`}>{t('wrapUp.disposition')}</label>
      <select
        id={`${id}-disposition`}
        value={disposition}
        onChange={(event) => {
          setDisposition(event.target.value);
          setSaving('idle');
        }}
      >
        <option value="">{t('wrapUp.chooseDisposition')}</option>
        {codes.map((code) => (
          <option key={code} value={code}>
            {label(code)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-note`}>{t('wrapUp.note')}</label>
      <textarea
        id={`${id}-note`}
        rows={3}
        maxLength={10_000}
        value={note}
        onChange={(event) => {
          setNote(event.target.value);
          setSaving('idle');
        }}
      />
      <button type="submit" className="button button--primary" disabled={saving === 'saving'}>
        {t(saving === 'saving' ? 'wrapUp.saving' : 'wrapUp.save')}
      </button>
      <p className="wrap-up__status" role="status" data-saving={saving}>
        {saving === 'saved' ? t('wrapUp.saved') : saving === 'failed' ? t('wrapUp.failed') : ''}
      </p>
    </form>
  );
}
