/**
 * Per-site widget settings (docs/protocol.md, `settings.get` and the `settings` frame). The
 * widget trusts nothing: every field is checked and anything unknown or malformed falls back
 * to its default, so a bad settings document can never break the host page.
 */
export type FieldMode = 'off' | 'optional' | 'required';

/** The display fields that can differ on a narrow (mobile) screen. */
export interface DisplaySettings {
  readonly position: 'bottom-right' | 'bottom-left';
  readonly color: string;
  readonly size: 'small' | 'medium' | 'large';
  readonly logoUrl: string | undefined;
  readonly siteName: string;
  readonly greeting: string;
  readonly launcherText: string;
}

/** Settings as the widget uses them: complete, validated, mobile overrides kept apart. */
export interface WidgetSettings extends DisplaySettings {
  readonly offlineBehavior: 'hide' | 'form';
  readonly mobile: Partial<DisplaySettings>;
  readonly preChat: {
    readonly name: FieldMode;
    readonly email: FieldMode;
    readonly question: FieldMode;
  };
  readonly language: string | undefined;
}

export const DEFAULT_SETTINGS: WidgetSettings = {
  position: 'bottom-right',
  color: '#1f6feb',
  size: 'medium',
  logoUrl: undefined,
  siteName: '',
  greeting: '',
  launcherText: '',
  offlineBehavior: 'form',
  mobile: {},
  preChat: { name: 'optional', email: 'optional', question: 'off' },
  language: undefined,
};

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const oneOf = <T extends string>(value: unknown, options: readonly T[]): T | undefined =>
  typeof value === 'string' && (options as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : undefined;
const color = (value: unknown): string | undefined =>
  typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : undefined;
/** Only https images: an http logo would be mixed content on most host pages. */
const logo = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
};

function display(raw: Raw): Partial<DisplaySettings> {
  const out: Partial<DisplaySettings> = {
    position: oneOf(raw.position, ['bottom-right', 'bottom-left'] as const),
    color: color(raw.color),
    size: oneOf(raw.size, ['small', 'medium', 'large'] as const),
    logoUrl: logo(raw.logoUrl),
    siteName: text(raw.siteName, 120),
    greeting: text(raw.greeting, 500),
    launcherText: text(raw.launcherText, 60),
  };
  // Absent, not undefined: a spread of the result must not overwrite a default with undefined.
  for (const key of Object.keys(out) as Array<keyof DisplaySettings>) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

/** Validates a settings document from the server, filling every gap with the default. */
export function parseSettings(raw: unknown, siteName = ''): WidgetSettings {
  const source = isObject(raw) ? raw : {};
  const preChat = isObject(source.preChat) ? source.preChat : {};
  const modes = ['off', 'optional', 'required'] as const;
  return {
    ...DEFAULT_SETTINGS,
    siteName,
    ...display(source),
    offlineBehavior:
      oneOf(source.offlineBehavior, ['hide', 'form'] as const) ?? DEFAULT_SETTINGS.offlineBehavior,
    mobile: isObject(source.mobile) ? display(source.mobile) : {},
    preChat: {
      name: oneOf(preChat.name, modes) ?? DEFAULT_SETTINGS.preChat.name,
      email: oneOf(preChat.email, modes) ?? DEFAULT_SETTINGS.preChat.email,
      question: oneOf(preChat.question, modes) ?? DEFAULT_SETTINGS.preChat.question,
    },
    language: text(source.language, 10),
  };
}

/** The display settings in force: on a narrow screen the mobile overrides win. */
export function effectiveDisplay(settings: WidgetSettings, narrow: boolean): DisplaySettings {
  return narrow ? { ...settings, ...settings.mobile } : settings;
}

/**
 * Text colour for labels on the site colour: white or near-black, whichever contrasts more
 * (WCAG relative luminance), so a pale brand colour still gives readable buttons.
 */
export function contrastText(hex: string): string {
  const channel = (start: number) => {
    const c = parseInt(hex.slice(start, start + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  const withWhite = 1.05 / (luminance + 0.05);
  const withDark = (luminance + 0.05) / (0.0116 + 0.05);
  return withWhite >= withDark ? '#ffffff' : '#111111';
}

/** The settings as the server sends them (the `settings.get` ack or the public REST config). */
export interface SettingsAnswer {
  readonly settings?: unknown;
  readonly online?: boolean;
  readonly siteName?: string;
  /** `[{ departmentId, name, online }]`, checked by `parseDepartments`. */
  readonly departments?: unknown;
}

/**
 * Asks for the site's settings over the socket (`settings.get`), falling back to the public
 * `GET /api/v1/widget/config`; undefined when neither answers (defaults stay in force).
 */
export async function fetchSettings(
  request: (type: string) => Promise<SettingsAnswer>,
  server: string,
  siteKey: string,
): Promise<SettingsAnswer | undefined> {
  try {
    return await request('settings.get');
  } catch {
    try {
      const response = await fetch(
        `${server}/api/v1/widget/config?site=${encodeURIComponent(siteKey)}`,
      );
      return response.ok ? ((await response.json()) as SettingsAnswer) : undefined;
    } catch {
      return undefined;
    }
  }
}
