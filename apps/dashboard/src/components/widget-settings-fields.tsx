import type { PreChatMode, WidgetDisplay, WidgetSettings } from '../state/widget-settings.js';
import { Field } from './field.js';
import { Options } from './options.js';

/** Applies a change to the settings being edited. */
export type SettingsPatch = (patch: Partial<WidgetSettings>) => void;
type FieldsProps = { settings: WidgetSettings; set: SettingsPatch };

const POSITIONS = [
  ['bottom-right', 'Bottom right'],
  ['bottom-left', 'Bottom left'],
] as const;
const SIZES = [
  ['small', 'Small'],
  ['medium', 'Medium'],
  ['large', 'Large'],
] as const;
const PRE_CHAT_MODES = [
  ['off', 'Off'],
  ['optional', 'Optional'],
  ['required', 'Required'],
] as const;

/** Colour, position, size, logo and texts: what a visitor sees on a desktop. */
export function LookFields({ settings, set }: FieldsProps) {
  return (
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
          <Options values={POSITIONS} />
        </select>
      </Field>
      <Field label="Size">
        <select
          value={settings.size}
          onChange={(e) => set({ size: e.target.value as WidgetSettings['size'] })}
          name="size"
        >
          <Options values={SIZES} />
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
  );
}

/** Overrides on phones; an empty choice keeps the desktop's. */
export function PhoneFields({ settings, set }: FieldsProps) {
  const setMobile = (patch: Partial<WidgetDisplay>) =>
    set({ mobile: { ...settings.mobile, ...patch } });
  return (
    <fieldset>
      <legend>On phones (leave empty to use the above)</legend>
      <Field label="Position">
        <select
          value={settings.mobile?.position ?? ''}
          onChange={(e) =>
            setMobile({ position: (e.target.value || undefined) as WidgetDisplay['position'] })
          }
          name="mobilePosition"
        >
          <Options values={[['', 'Same'], ...POSITIONS]} />
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
          <Options values={[['', 'Same'], ...SIZES]} />
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
  );
}

/** Offline behaviour, the pre-chat fields and the language. */
export function BehaviourFields({ settings, set }: FieldsProps) {
  return (
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
          <Options
            values={[
              ['form', 'Show the offline form'],
              ['hide', 'Hide the widget'],
            ]}
          />
        </select>
      </Field>
      {(['name', 'email', 'question'] as const).map((field) => (
        <Field key={field} label={`Pre-chat ${field === 'email' ? 'e-mail' : field}`}>
          <select
            value={settings.preChat[field]}
            onChange={(e) =>
              set({ preChat: { ...settings.preChat, [field]: e.target.value as PreChatMode } })
            }
            name={`preChat-${field}`}
          >
            <Options values={PRE_CHAT_MODES} />
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
          <Options
            values={[
              ['', "From the visitor's browser"],
              ['en', 'English'],
              ['id', 'Bahasa Indonesia'],
            ]}
          />
        </select>
      </Field>
    </fieldset>
  );
}
