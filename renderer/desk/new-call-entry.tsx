import { useEffect, useRef, useState } from 'react';
import { useTandem } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import { selectActiveCall, selectRingingCall } from '../store/calls/selectors.js';
import { shortcutFor, shortcutLabels } from './keyboard-shortcuts.js';
import { NewCallForm } from './new-call-form.js';

/**
 * The desk's "New call" entry while the agent has no call: a button (and Alt+N) that opens the new-call
 * form. A call that rings in, or the one just placed, takes the desk's call area over.
 */
export function NewCallEntry() {
  const { t } = useTranslator();
  const busy = useTandem((state) => selectRingingCall(state) !== null || selectActiveCall(state) !== null);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const busyNow = useRef(busy);
  busyNow.current = busy;

  useEffect(() => {
    if (busy) setOpen(false);
  }, [busy]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (action !== 'newCall' || busyNow.current) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (busy) return null;
  if (open) {
    return (
      <section className="card new-call">
        <NewCallForm
          onPlaced={() => setOpen(false)}
          onCancel={() => {
            setOpen(false);
            // Focus goes back where the agent opened the form from.
            setTimeout(() => button.current?.focus(), 0);
          }}
        />
      </section>
    );
  }
  return (
    <div className="new-call">
      <button
        ref={button}
        type="button"
        className="button button--primary"
        aria-keyshortcuts="Alt+N"
        onClick={() => setOpen(true)}
      >
        {t('newCall.open')} <kbd>{shortcutLabels.newCall}</kbd>
      </button>
    </div>
  );
}
