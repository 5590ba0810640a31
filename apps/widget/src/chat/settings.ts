import {
  GREETING_MAX,
  LAUNCHER_TEXT_MAX,
  OFFLINE_BEHAVIORS,
  PRE_CHAT_FIELD_MODES,
  SITE_NAME_MAX,
  WIDGET_COLOR_PATTERN,
  WIDGET_LANGUAGES,
  WIDGET_POSITIONS,
  WIDGET_SIZES,
  defaultWidgetSettings,
  type WidgetDisplaySettings,
  type WidgetSettings,
} from '@sapa/contracts';

/**
 * Per-site widget settings (docs/protocol.md, `settings.get` and the `settings` frame). The
 * widget trusts nothing: every field is checked and anything unknown or malformed falls back
 * to its default, so a bad settings document can never break the host page.
 */
/** The settings of a site nobody has configured yet (libs/contracts). */
export const DEFAULT_SETTINGS: WidgetSettings = {
  ...defaultWidgetSettings(''),
  logoUrl: undefined,
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
  typeof value === 'string' && WIDGET_COLOR_PATTERN.test(value) ? value : undefined;
/** Only https images: an http logo would be mixed content on most host pages. */
const logo = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
};

function display(raw: Raw): Partial<WidgetDisplaySettings> {
  const out: Partial<WidgetDisplaySettings> = {
    position: oneOf(raw.position, WIDGET_POSITIONS),
    color: color(raw.color),
    size: oneOf(raw.size, WIDGET_SIZES),
    logoUrl: logo(raw.logoUrl),
    siteName: text(raw.siteName, SITE_NAME_MAX),
    greeting: text(raw.greeting, GREETING_MAX),
    launcherText: text(raw.launcherText, LAUNCHER_TEXT_MAX),
  };
  // Absent, not undefined: a spread of the result must not overwrite a default with undefined.
  for (const key of Object.keys(out) as Array<keyof WidgetDisplaySettings>) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

/** Validates a settings document from the server, filling every gap with the default. */
export function parseSettings(raw: unknown, siteName = ''): WidgetSettings {
  const source = isObject(raw) ? raw : {};
  const preChat = isObject(source.preChat) ? source.preChat : {};
  const modes = PRE_CHAT_FIELD_MODES;
  const language = oneOf(source.language, WIDGET_LANGUAGES);
  return {
    ...DEFAULT_SETTINGS,
    siteName,
    ...display(source),
    offlineBehavior:
      oneOf(source.offlineBehavior, OFFLINE_BEHAVIORS) ?? DEFAULT_SETTINGS.offlineBehavior,
    ...(isObject(source.mobile) ? { mobile: display(source.mobile) } : {}),
    preChat: {
      name: oneOf(preChat.name, modes) ?? DEFAULT_SETTINGS.preChat.name,
      email: oneOf(preChat.email, modes) ?? DEFAULT_SETTINGS.preChat.email,
      question: oneOf(preChat.question, modes) ?? DEFAULT_SETTINGS.preChat.question,
    },
    ...(language === undefined ? {} : { language }),
  };
}

/** The display settings in force: on a narrow screen the mobile overrides win. */
export function effectiveDisplay(settings: WidgetSettings, narrow: boolean): WidgetDisplaySettings {
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
