import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslator } from '../app/use-translator.js';

/** Blind transfer to an extension, a number or a SIP address. */
export function TransferForm(props: { onTransfer(target: string): Promise<void>; onCancel(): void }) {
  const { t } = useTranslator();
  const [target, setTarget] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || target.trim() === '') return;
    setBusy(true);
    setFailed(false);
    props.onTransfer(target).then(
      () => setBusy(false),
      () => {
        setBusy(false);
        setFailed(true);
      },
    );
  };

  return (
    <form
      className="transfer-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <label htmlFor={id}>{t('transfer.target')}</label>
      <input
        id={id}
        ref={input}
        type="text"
        inputMode="tel"
        autoComplete="off"
        value={target}
        onChange={(event) => setTarget(event.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {t('transfer.submit')}
      </button>
      <button type="button" className="button button--quiet" onClick={props.onCancel}>
        {t('transfer.cancel')}
      </button>
      {failed && (
        <p className="transfer-form__problem" role="alert">
          {t('call.refused.transfer')}
        </p>
      )}
    </form>
  );
}
