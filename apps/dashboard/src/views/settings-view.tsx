import type { WidgetSettings } from '@sapa/contracts';
import { useState, type FormEvent } from 'react';
import { getWidgetSettings, saveWidgetSettings } from '../api/settings.js';
import { RequestError } from '../api/request-error.js';
import { ErrorLine } from '../components/error-line.js';
import { WidgetPreview } from '../components/widget-preview.js';
import {
  BehaviourFields,
  LookFields,
  PhoneFields,
  type SettingsPatch,
} from '../components/widget-settings-fields.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { errorText, useLoad } from '../state/use-load.js';
import { cleanSettings, settingsProblems } from '../state/widget-settings.js';

const describeLoadFailure = (failure: unknown): string =>
  failure instanceof RequestError && failure.code === 'forbidden'
    ? 'Only administrators and supervisors can change the widget.'
    : errorText(failure);

/** The widget's settings for this site, with a live preview; saved settings reach open widgets at once. */
export function SettingsView(props: { api: DashboardApi }) {
  const { api } = props;
  // Loaded once per visit of the page; the form edits the loaded copy.
  const loaded = useLoad(() => getWidgetSettings(api.token), [], describeLoadFailure);
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const settings = loaded.data;
  if (!settings)
    return loaded.error ? (
      <ErrorLine message={loaded.error} className="page" />
    ) : (
      <p className="muted page">Loading settings…</p>
    );

  const set: SettingsPatch = (patch) => {
    setSaved(undefined);
    loaded.set({ ...settings, ...patch });
  };
  const problems = settingsProblems(settings);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!settings || problems.length > 0) return;
    setError(undefined);
    try {
      const fresh = await saveWidgetSettings(api.token, cleanSettings(settings));
      if (fresh) loaded.set(fresh);
      setSaved('Saved. Open widgets update now.');
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Widget settings</h2>
      <div className="settings-grid">
        <form
          onSubmit={(event) => void save(event)}
          className="settings-form"
          data-testid="settings-form"
        >
          <LookFields settings={settings} set={set} />
          <PhoneFields settings={settings} set={set} />
          <BehaviourFields settings={settings} set={set} />
          {problems.map((problem) => (
            <ErrorLine key={problem} message={problem} />
          ))}
          <ErrorLine message={error} />
          {saved && (
            <p role="status" className="ok" data-testid="settings-saved">
              {saved}
            </p>
          )}
          <button type="submit" className="primary" disabled={problems.length > 0}>
            Save
          </button>
        </form>
        <SettingsPreview settings={settings} />
      </div>
    </section>
  );
}

const DEVICES = [
  ['desktop', 'Desktop'],
  ['mobile', 'Phone'],
] as const;

/** The preview beside the form: a desktop or a phone frame, online or offline. */
function SettingsPreview(props: { settings: WidgetSettings }) {
  const [device, setDevice] = useState<'desktop' | 'mobile'>('desktop');
  const [online, setOnline] = useState(true);
  return (
    <div className="preview-column">
      <div className="preview-toggles" role="group" aria-label="Preview">
        {DEVICES.map(([id, label]) => (
          <button key={id} type="button" aria-pressed={device === id} onClick={() => setDevice(id)}>
            {label}
          </button>
        ))}
        <label>
          <input type="checkbox" checked={!online} onChange={(e) => setOnline(!e.target.checked)} />{' '}
          Offline
        </label>
      </div>
      <WidgetPreview settings={props.settings} device={device} online={online} />
    </div>
  );
}
