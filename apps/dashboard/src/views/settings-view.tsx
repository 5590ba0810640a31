import { useEffect, useState, type FormEvent } from 'react';
import { callApi } from '../api/rest.js';
import { RequestError } from '../api/wire.js';
import { Field } from '../components/field.js';
import { WidgetPreview } from '../components/widget-preview.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import {
  cleanSettings,
  settingsProblems,
  type PreChatMode,
  type WidgetDisplay,
  type WidgetSettings,
} from '../state/widget-settings.js';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

/** The widget's settings for this site, with a live preview; saved settings reach open widgets at once. */
export function SettingsView(props: { api: DashboardApi }) {
  const { api } = props;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [settings, setSettings] = useState<WidgetSettings | null>(null);
  const [device, setDevice] = useState<'desktop' | 'mobile'>('desktop');
  const [previewOnline, setPreviewOnline] = useState(true);
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    (async () => {
      const body = await callApi<{ settings?: WidgetSettings }>('/site/settings', {
        token: await api.token(),
      });
      if (live) {
        setSettings(body.settings ?? (body as WidgetSettings));
        setLoad({ state: 'ready' });
      }
    })().catch((failure: unknown) => {
      if (!live) return;
      setLoad({
        state: 'failed',
        message:
          failure instanceof RequestError && failure.code === 'forbidden'
            ? 'Only administrators and supervisors can change the widget.'
            : failure instanceof Error
              ? failure.message
              : String(failure),
      });
    });
    return () => {
      live = false;
    };
    // Loaded once per visit of the page.
  }, []);

  if (load.state === 'loading' || (load.state === 'ready' && !settings))
    return <p className="muted page">Loading settings…</p>;
  if (load.state === 'failed' || !settings)
    return (
      <p role="alert" className="error page">
        {load.state === 'failed' ? load.message : ''}
      </p>
    );

  const set = (patch: Partial<WidgetSettings>) => {
    setSaved(undefined);
    setSettings({ ...settings, ...patch });
  };
  const setMobile = (patch: Partial<WidgetDisplay>) =>
    set({ mobile: { ...settings.mobile, ...patch } });
  const problems = settingsProblems(settings);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!settings || problems.length > 0) return;
    setError(undefined);
    try {
      const body = await callApi<{ settings?: WidgetSettings }>('/site/settings', {
        method: 'PUT',
        token: await api.token(),
        body: { settings: cleanSettings(settings) },
      });
      if (body.settings) setSettings(body.settings);
      setSaved('Saved. Open widgets update now.');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
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
          <fieldset>
            <legend>Look</legend>
            <Field label="Site name">
              <input
                value={settings.siteName}
                onChange={(e) => set({ siteName: e.target.value })}
                name="siteName"
              />
            </Field>
            <Field label="Colour">
              <input
                type="color"
                value={settings.color}
                onChange={(e) => set({ color: e.target.value })}
                name="color"
              />
              <input
                value={settings.color}
                onChange={(e) => set({ color: e.target.value })}
                aria-label="Colour code"
                name="colorText"
              />
            </Field>
            <Field label="Position">
              <select
                value={settings.position}
                onChange={(e) => set({ position: e.target.value as WidgetSettings['position'] })}
                name="position"
              >
                <option value="bottom-right">Bottom right</option>
                <option value="bottom-left">Bottom left</option>
              </select>
            </Field>
            <Field label="Size">
              <select
                value={settings.size}
                onChange={(e) => set({ size: e.target.value as WidgetSettings['size'] })}
                name="size"
              >
                <option value="small">Small</option>
                <option value="medium">Medium</option>
                <option value="large">Large</option>
              </select>
            </Field>
            <Field label="Logo (https URL)">
              <input
                value={settings.logoUrl ?? ''}
                onChange={(e) => set({ logoUrl: e.target.value })}
                name="logoUrl"
              />
            </Field>
            <Field label="Greeting">
              <textarea
                value={settings.greeting}
                onChange={(e) => set({ greeting: e.target.value })}
                name="greeting"
                rows={2}
              />
            </Field>
            <Field label="Launcher text">
              <input
                value={settings.launcherText}
                onChange={(e) => set({ launcherText: e.target.value })}
                name="launcherText"
              />
            </Field>
          </fieldset>
          <fieldset>
            <legend>On phones (leave empty to use the above)</legend>
            <Field label="Position">
              <select
                value={settings.mobile?.position ?? ''}
                onChange={(e) =>
                  setMobile({
                    position: (e.target.value || undefined) as WidgetDisplay['position'],
                  })
                }
                name="mobilePosition"
              >
                <option value="">Same</option>
                <option value="bottom-right">Bottom right</option>
                <option value="bottom-left">Bottom left</option>
              </select>
            </Field>
            <Field label="Size">
              <select
                value={settings.mobile?.size ?? ''}
                onChange={(e) =>
                  setMobile({ size: (e.target.value || undefined) as WidgetDisplay['size'] })
                }
                name="mobileSize"
              >
                <option value="">Same</option>
                <option value="small">Small</option>
                <option value="medium">Medium</option>
                <option value="large">Large</option>
              </select>
            </Field>
            <Field label="Launcher text">
              <input
                value={settings.mobile?.launcherText ?? ''}
                onChange={(e) => setMobile({ launcherText: e.target.value })}
                name="mobileLauncherText"
              />
            </Field>
          </fieldset>
          <fieldset>
            <legend>Behaviour</legend>
            <Field label="When nobody is online">
              <select
                value={settings.offlineBehavior}
                onChange={(e) =>
                  set({ offlineBehavior: e.target.value as WidgetSettings['offlineBehavior'] })
                }
                name="offlineBehavior"
              >
                <option value="form">Show the offline form</option>
                <option value="hide">Hide the widget</option>
              </select>
            </Field>
            {(['name', 'email', 'question'] as const).map((field) => (
              <Field key={field} label={`Pre-chat ${field === 'email' ? 'e-mail' : field}`}>
                <select
                  value={settings.preChat[field]}
                  onChange={(e) =>
                    set({
                      preChat: { ...settings.preChat, [field]: e.target.value as PreChatMode },
                    })
                  }
                  name={`preChat-${field}`}
                >
                  <option value="off">Off</option>
                  <option value="optional">Optional</option>
                  <option value="required">Required</option>
                </select>
              </Field>
            ))}
            <Field label="Language">
              <select
                value={settings.language ?? ''}
                onChange={(e) =>
                  set({ language: (e.target.value || undefined) as WidgetSettings['language'] })
                }
                name="language"
              >
                <option value="">From the visitor's browser</option>
                <option value="en">English</option>
                <option value="id">Bahasa Indonesia</option>
              </select>
            </Field>
          </fieldset>
          {problems.map((problem) => (
            <p key={problem} className="error" role="alert">
              {problem}
            </p>
          ))}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {saved && (
            <p role="status" className="ok" data-testid="settings-saved">
              {saved}
            </p>
          )}
          <button type="submit" className="primary" disabled={problems.length > 0}>
            Save
          </button>
        </form>
        <div className="preview-column">
          <div className="preview-toggles" role="group" aria-label="Preview">
            <button
              type="button"
              aria-pressed={device === 'desktop'}
              onClick={() => setDevice('desktop')}
            >
              Desktop
            </button>
            <button
              type="button"
              aria-pressed={device === 'mobile'}
              onClick={() => setDevice('mobile')}
            >
              Phone
            </button>
            <label>
              <input
                type="checkbox"
                checked={!previewOnline}
                onChange={(e) => setPreviewOnline(!e.target.checked)}
              />{' '}
              Offline
            </label>
          </div>
          <WidgetPreview settings={settings} device={device} online={previewOnline} />
        </div>
      </div>
    </section>
  );
}
