/** The widget's per-site settings (libs/contracts WidgetSettings; docs/protocol.md). */
export type PreChatMode = 'off' | 'optional' | 'required';

export interface WidgetDisplay {
  position: 'bottom-right' | 'bottom-left';
  color: string;
  size: 'small' | 'medium' | 'large';
  logoUrl?: string;
  siteName: string;
  greeting: string;
  launcherText: string;
}

export interface WidgetSettings extends WidgetDisplay {
  offlineBehavior: 'hide' | 'form';
  mobile?: Partial<WidgetDisplay>;
  preChat: { name: PreChatMode; email: PreChatMode; question: PreChatMode };
  language?: 'en' | 'id';
}

/** The display settings in effect on a desktop or a phone (mobile overrides win on phones). */
export function effectiveDisplay(
  settings: WidgetSettings,
  device: 'desktop' | 'mobile',
): WidgetDisplay {
  const base: WidgetDisplay = {
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
  ) as Partial<WidgetDisplay>;
  return { ...base, ...overrides };
}

/** Local checks mirroring the server's, so the form says what is wrong before saving. */
export function settingsProblems(settings: WidgetSettings): string[] {
  const problems: string[] = [];
  if (!/^#[0-9a-fA-F]{6}$/.test(settings.color)) problems.push('Colour must look like #1f6feb.');
  if (settings.logoUrl && !/^https:\/\/[^\s"'<>]+$/.test(settings.logoUrl))
    problems.push('The logo must be an https:// address.');
  if (!settings.siteName.trim()) problems.push('The site name cannot be empty.');
  if (settings.siteName.length > 120) problems.push('The site name is longer than 120 characters.');
  if (settings.greeting.length > 500) problems.push('The greeting is longer than 500 characters.');
  if (settings.launcherText.length > 60)
    problems.push('The launcher text is longer than 60 characters.');
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
