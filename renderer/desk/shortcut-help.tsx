import { useEffect, useRef } from 'react';
import { useTranslator } from '../app/use-translator.js';
import { shortcutLabels } from './keyboard-shortcuts.js';

/** The help overlay: every shortcut, in a modal dialog that Escape or the button closes. */
export function ShortcutHelp(props: { onClose(): void }) {
  const { t } = useTranslator();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const rows = Object.entries(shortcutLabels) as [keyof typeof shortcutLabels, string][];
  return (
    <dialog
      ref={dialog}
      className="shortcut-help"
      aria-labelledby="shortcut-help-heading"
      data-testid="shortcut-help"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <h2 id="shortcut-help-heading">{t('shortcuts.heading')}</h2>
      <dl>
        {rows.map(([action, keys]) => (
          <div key={action} className="shortcut-help__row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(`shortcuts.${action}` as const)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={props.onClose} autoFocus>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
