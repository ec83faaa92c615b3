import { useEffect, useId, useRef, useState } from 'react';
import { useTandem, useTandemServices } from '../app/tandem-context.js';
import { useTranslator } from '../app/use-translator.js';
import type { DeviceRole } from '../store/devices/actions.js';
import type { AudioDevice } from '../store/devices/initial-state.js';
import { selectDevices } from '../store/devices/selectors.js';

const SYSTEM_DEFAULT = '';

/** One device choice: "System default" first, then the devices the browser lists. */
function DeviceSelect(props: {
  role: DeviceRole;
  label: string;
  devices: readonly AudioDevice[];
  chosen: string | null;
  onChoose(role: DeviceRole, deviceId: string | null): void;
}) {
  const { t } = useTranslator();
  const id = useId();
  const chosenListed = props.devices.some((device) => device.id === props.chosen);
  return (
    <div className="device-settings__field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        data-testid={`device-${props.role}`}
        value={chosenListed && props.chosen !== null ? props.chosen : SYSTEM_DEFAULT}
        onChange={(event) =>
          props.onChoose(props.role, event.target.value === SYSTEM_DEFAULT ? null : event.target.value)
        }
      >
        <option value={SYSTEM_DEFAULT}>{t('devices.systemDefault')}</option>
        {props.devices.map((device, index) => (
          <option key={device.id} value={device.id}>
            {device.label || t('devices.unnamed', { number: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The agent's audio devices: microphone, speaker and ringer chosen separately (also during a call), a test
 * tone, and the microphone's level while the panel is open. Escape closes it.
 */
export function DeviceSettings(props: { onClose(): void }) {
  const { t } = useTranslator();
  const controls = useTandemServices().devices;
  const devices = useTandem(selectDevices);
  const heading = useId();
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!controls) return undefined;
    void controls.refresh(false);
    return controls.startLevelMeter();
  }, [controls]);

  useEffect(() => {
    panel.current?.querySelector('select')?.focus();
  }, []);

  const choose = (role: DeviceRole, deviceId: string | null) => void controls?.choose(role, deviceId);
  const level = devices.microphoneLevel ?? 0;
  return (
    <section
      ref={panel}
      className="card device-settings"
      aria-labelledby={heading}
      data-testid="device-settings"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose();
      }}
    >
      <h2 id={heading}>{t('devices.heading')}</h2>
      {devices.problem !== null && (
        <p className="device-settings__problem" role="alert" data-testid="device-problem">
          {t(`devices.problem.${devices.problem}`)}
        </p>
      )}
      {!devices.labelled && (
        <p className="device-settings__hint">
          {t('devices.allowHint')}{' '}
          <button type="button" className="button button--quiet" onClick={() => void controls?.refresh(true)}>
            {t('devices.allow')}
          </button>
        </p>
      )}
      <DeviceSelect
        role="microphone"
        label={t('devices.microphone')}
        devices={devices.microphones}
        chosen={devices.microphoneId}
        onChoose={choose}
      />
      <div className="device-settings__meter">
        <span id={`${heading}-level`}>{t('devices.level')}</span>
        <div
          className="level-meter"
          role="meter"
          aria-labelledby={`${heading}-level`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(level * 100)}
          data-testid="microphone-level"
        >
          <div className="level-meter__bar" style={{ width: `${Math.round(level * 100)}%` }} />
        </div>
      </div>
      {devices.outputSelectable ? (
        <>
          <DeviceSelect
            role="speaker"
            label={t('devices.speaker')}
            devices={devices.speakers}
            chosen={devices.speakerId}
            onChoose={choose}
          />
          <DeviceSelect
            role="ringer"
            label={t('devices.ringer')}
            devices={devices.speakers}
            chosen={devices.ringerId}
            onChoose={choose}
          />
        </>
      ) : (
        <p className="device-settings__hint">{t('devices.outputFixed')}</p>
      )}
      <div className="device-settings__actions">
        <button type="button" className="button" onClick={() => void controls?.playTestTone('speaker')}>
          {t('devices.testTone')}
        </button>
        {devices.outputSelectable && (
          <button type="button" className="button" onClick={() => void controls?.playTestTone('ringer')}>
            {t('devices.testRinger')}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={props.onClose}>
          {t('devices.close')}
        </button>
      </div>
    </section>
  );
}

/** The desk's "Audio devices" button, with the settings opening under it. */
export function DeviceSettingsButton() {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="device-settings-anchor">
      <button
        ref={button}
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="open-device-settings"
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        {t('devices.open')}
      </button>
      {open && (
        <div id={panelId} className="device-settings-popover">
          <DeviceSettings onClose={close} />
        </div>
      )}
    </div>
  );
}
