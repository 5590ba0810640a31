import type { WidgetSettings } from './directory.commands.js';

/**
 * The widget settings' choices and defaults, without zod: the schemas in directory.commands.ts
 * are built from these lists, and the widget (which bundles no validator) checks a settings
 * document against the same lists and falls back to the same defaults.
 */
export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left'] as const;
export const WIDGET_SIZES = ['small', 'medium', 'large'] as const;
export const PRE_CHAT_FIELD_MODES = ['off', 'optional', 'required'] as const;
export const WIDGET_LANGUAGES = ['en', 'id'] as const;
export const OFFLINE_BEHAVIORS = ['hide', 'form'] as const;
/** `#rrggbb`, the only colour form the settings accept. */
export const WIDGET_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

/** The settings of a site nobody has configured yet. */
export const defaultWidgetSettings = (siteName: string): WidgetSettings => ({
  position: 'bottom-right',
  color: '#1f6feb',
  size: 'medium',
  siteName,
  greeting: '',
  launcherText: '',
  offlineBehavior: 'form',
  preChat: { name: 'optional', email: 'optional', question: 'off' },
});
