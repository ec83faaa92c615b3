import { useId, useState, type FormEvent } from 'react';
import { useTandem, useTandemActions } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { screenPopPlaceholders, screenPopProblem, type ScreenPopProblem } from '../services/screen-pop.js';
import { selectAutoAnswer, selectScreenPopTemplate } from '../store/preferences/selectors.js';

/** The agent's call preferences: answer automatically, and the CRM page to open on answer. */
export function CallSettings() {
  const { t } = useTranslator();
  const { preferences } = useTandemActions();
  const autoAnswer = useTandem(selectAutoAnswer);
  const saved = useTandem(selectScreenPopTemplate);
  const [template, setTemplate] = useState(saved ?? '');
  const [problem, setProblem] = useState<ScreenPopProblem | null>(null);
  const [done, setDone] = useState(false);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = template.trim() === '' ? null : screenPopProblem(template);
    setProblem(found);
    setDone(found === null);
    if (found === null) preferences.setScreenPopTemplate(template);
  };

  return (
    <details className="card call-settings" data-testid="call-settings">
      <summary>{t('settings.heading')}</summary>
      <label className="call-settings__check">
        <input
          type="checkbox"
          checked={autoAnswer}
          onChange={(event) => preferences.setAutoAnswer(event.target.checked)}
        />{' '}
        {t('settings.autoAnswer')}
      </label>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-pop`}>{t('settings.screenPop')}</label>
        <input
          id={`${id}-pop`}
          type="url"
          autoComplete="off"
          placeholder="https://crm.example/search?phone={number}"
          value={template}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setTemplate(event.target.value);
            setDone(false);
          }}
        />
        <p id={`${id}-hint`} className="call-settings__hint">
          {t('settings.screenPopHint')}{' '}
          {screenPopPlaceholders.map((name) => (
            <code key={name}>{`{${name}}`} </code>
          ))}
        </p>
        <button type="submit" className="button">
          {t('settings.save')}
        </button>
        <p role="status">
          {problem !== null ? t(`settings.problem.${problem}` as const) : done ? t('settings.saved') : ''}
        </p>
      </form>
    </details>
  );
}
