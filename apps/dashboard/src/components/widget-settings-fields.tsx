import type {
  PreChatFieldMode as PreChatMode,
  WidgetDisplaySettings as WidgetDisplay,
  WidgetSettings,
} from '@sapa/contracts';
import { Field } from './field.js';
import { Options, type Option } from './options.js';

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
const OFFLINE = [
  ['form', 'Show the offline form'],
  ['hide', 'Hide the widget'],
] as const;
const LANGUAGES = [
  ['', "From the visitor's browser"],
  ['en', 'English'],
  ['id', 'Bahasa Indonesia'],
] as const;

/** A labelled text input; `onChange` gets the text. */
function TextField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={props.label}>
      <input
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        name={props.name}
      />
    </Field>
  );
}

/** A labelled select over `options`; `onChange` gets the chosen value ('' for an empty choice). */
function SelectField(props: {
  label: string;
  name: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
}) {
  return (
    <Field label={props.label}>
      <select
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        name={props.name}
      >
        <Options values={props.options} />
      </select>
    </Field>
  );
}

/** Colour, position, size, logo and texts: what a visitor sees on a desktop. */
export function LookFields({ settings, set }: FieldsProps) {
  return (
    <fieldset>
      <legend>Look</legend>
      <TextField
        label="Site name"
        name="siteName"
        value={settings.siteName}
        onChange={(siteName) => set({ siteName })}
      />
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
      <SelectField
        label="Position"
        name="position"
        value={settings.position}
        options={POSITIONS}
        onChange={(value) => set({ position: value as WidgetSettings['position'] })}
      />
      <SelectField
        label="Size"
        name="size"
        value={settings.size}
        options={SIZES}
        onChange={(value) => set({ size: value as WidgetSettings['size'] })}
      />
      <TextField
        label="Logo (https URL)"
        name="logoUrl"
        value={settings.logoUrl ?? ''}
        onChange={(logoUrl) => set({ logoUrl })}
      />
      <Field label="Greeting">
        <textarea
          value={settings.greeting}
          onChange={(e) => set({ greeting: e.target.value })}
          name="greeting"
          rows={2}
        />
      </Field>
      <TextField
        label="Launcher text"
        name="launcherText"
        value={settings.launcherText}
        onChange={(launcherText) => set({ launcherText })}
      />
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
      <SelectField
        label="Position"
        name="mobilePosition"
        value={settings.mobile?.position ?? ''}
        options={[['', 'Same'], ...POSITIONS]}
        onChange={(value) =>
          setMobile({ position: (value || undefined) as WidgetDisplay['position'] })
        }
      />
      <SelectField
        label="Size"
        name="mobileSize"
        value={settings.mobile?.size ?? ''}
        options={[['', 'Same'], ...SIZES]}
        onChange={(value) => setMobile({ size: (value || undefined) as WidgetDisplay['size'] })}
      />
      <TextField
        label="Launcher text"
        name="mobileLauncherText"
        value={settings.mobile?.launcherText ?? ''}
        onChange={(launcherText) => setMobile({ launcherText })}
      />
    </fieldset>
  );
}

/** Offline behaviour, the pre-chat fields and the language. */
export function BehaviourFields({ settings, set }: FieldsProps) {
  return (
    <fieldset>
      <legend>Behaviour</legend>
      <SelectField
        label="When nobody is online"
        name="offlineBehavior"
        value={settings.offlineBehavior}
        options={OFFLINE}
        onChange={(value) => set({ offlineBehavior: value as WidgetSettings['offlineBehavior'] })}
      />
      {(['name', 'email', 'question'] as const).map((field) => (
        <SelectField
          key={field}
          label={`Pre-chat ${field === 'email' ? 'e-mail' : field}`}
          name={`preChat-${field}`}
          value={settings.preChat[field]}
          options={PRE_CHAT_MODES}
          onChange={(value) =>
            set({ preChat: { ...settings.preChat, [field]: value as PreChatMode } })
          }
        />
      ))}
      <SelectField
        label="Language"
        name="language"
        value={settings.language ?? ''}
        options={LANGUAGES}
        onChange={(value) => set({ language: (value || undefined) as WidgetSettings['language'] })}
      />
    </fieldset>
  );
}
