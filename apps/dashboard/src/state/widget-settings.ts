import {
  GREETING_MAX,
  LAUNCHER_TEXT_MAX,
  SITE_NAME_MAX,
  WIDGET_COLOR_PATTERN,
  type WidgetDisplaySettings,
  type WidgetSettings,
} from '@sapa/contracts';

/** Helpers of the settings form for the widget's per-site settings (libs/contracts WidgetSettings). */

/** The display settings in effect on a desktop or a phone (mobile overrides win on phones). */
export function effectiveDisplay(
  settings: WidgetSettings,
  device: 'desktop' | 'mobile',
): WidgetDisplaySettings {
  const base: WidgetDisplaySettings = {
    position: settings.position,
    color: settings.color,
    size: settings.size,
    logoUrl: settings.logoUrl,
    siteName: settings.siteName,
    greeting: settings.greeting,
    launcherText: settings.launcherText,
  };
  if (device === 'desktop' || !settings.mobile) return base;
  const overrides = Object.fromEntries(
    Object.entries(settings.mobile).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<WidgetDisplaySettings>;
  return { ...base, ...overrides };
}

/** Local checks mirroring the server's, so the form says what is wrong before saving. */
export function settingsProblems(settings: WidgetSettings): string[] {
  const problems: string[] = [];
  if (!WIDGET_COLOR_PATTERN.test(settings.color)) problems.push('Colour must look like #1f6feb.');
  if (settings.logoUrl && !/^https:\/\/[^\s"'<>]+$/.test(settings.logoUrl))
    problems.push('The logo must be an https:// address.');
  if (!settings.siteName.trim()) problems.push('The site name cannot be empty.');
  if (settings.siteName.length > SITE_NAME_MAX)
    problems.push(`The site name is longer than ${SITE_NAME_MAX} characters.`);
  if (settings.greeting.length > GREETING_MAX)
    problems.push(`The greeting is longer than ${GREETING_MAX} characters.`);
  if (settings.launcherText.length > LAUNCHER_TEXT_MAX)
    problems.push(`The launcher text is longer than ${LAUNCHER_TEXT_MAX} characters.`);
  return problems;
}

/** Drops empty optional fields, which the server would refuse (an empty logo is not an URL). */
export function cleanSettings(settings: WidgetSettings): WidgetSettings {
  const copy: WidgetSettings = { ...settings };
  if (!copy.logoUrl) delete copy.logoUrl;
  if (!copy.language) delete copy.language;
  if (copy.mobile) {
    const mobile = Object.fromEntries(
      Object.entries(copy.mobile).filter(([, value]) => value !== undefined && value !== ''),
    );
    if (Object.keys(mobile).length === 0) delete copy.mobile;
    else copy.mobile = mobile;
  }
  return copy;
}
