import { useTranslator } from '../app/use-translator.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The keypad for DTMF during a call: buttons, and the digit keys themselves while it has focus. */
export function DialPad(props: { onDigit(digit: string): void }) {
  const { t } = useTranslator();
  return (
    <div
      className="dial-pad"
      role="group"
      aria-label={t('call.keypad')}
      data-testid="dial-pad"
      onKeyDown={(event) => {
        if (
          (KEYS as readonly string[]).includes(event.key) &&
          !event.ctrlKey &&
          !event.altKey &&
          !event.metaKey
        ) {
          event.preventDefault();
          props.onDigit(event.key);
        }
      }}
    >
      {KEYS.map((key) => (
        <button key={key} type="button" className="dial-pad__key" onClick={() => props.onDigit(key)}>
          {key}
        </button>
      ))}
    </div>
  );
}
