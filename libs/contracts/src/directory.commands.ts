import { z } from 'zod';
import { Id } from './ids.js';
import { EMAIL_MAX, GREETING_MAX, LAUNCHER_TEXT_MAX, SITE_NAME_MAX, URL_MAX } from './limits.js';
import {
  OFFLINE_BEHAVIORS,
  PRE_CHAT_FIELD_MODES,
  WIDGET_COLOR_PATTERN,
  WIDGET_LANGUAGES,
  WIDGET_POSITIONS,
  WIDGET_SIZES,
} from './widget-settings.defaults.js';

/** Sites (properties) and agents. Owned by services/directory. */

export const Origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must look like https://example.org[:port]');

export const AgentRole = z.enum(['admin', 'supervisor', 'agent']);
export type AgentRole = z.infer<typeof AgentRole>;

/** What the gateway needs to know about a site; safe to cache. */
export const SitePublic = z.object({
  siteId: Id,
  /** The key in the embed snippet. Public by design: it names the site, it does not authorise. */
  siteKey: Id,
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(Origin).max(50),
  timeZone: z.string().min(1).max(64),
});
export type SitePublic = z.infer<typeof SitePublic>;

export const AgentPublic = z.object({
  agentId: Id,
  siteId: Id,
  name: z.string().min(1).max(120),
  email: z.email().max(254),
  role: AgentRole,
});
export type AgentPublic = z.infer<typeof AgentPublic>;

export const GetSiteByKey = z.object({ siteKey: Id });
export const GetSite = z.object({ siteId: Id });
export const SiteResult = z.object({ site: SitePublic });

export const Password = z.string().min(10).max(200);

export const CreateSite = z.object({
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(Origin).min(1).max(50),
  timeZone: z.string().min(1).max(64).default('UTC'),
});
export type CreateSite = z.infer<typeof CreateSite>;

export const CreateAgent = z.object({
  siteId: Id,
  name: z.string().min(1).max(120),
  email: z.email().max(254),
  role: AgentRole.default('agent'),
  password: Password,
});
export type CreateAgent = z.infer<typeof CreateAgent>;
export const AgentResult = z.object({ agent: AgentPublic });

export const Login = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) });
export type Login = z.infer<typeof Login>;

// ---- Widget settings: edited in the dashboard, applied live by the widget ----------------

export const WidgetPosition = z.enum(WIDGET_POSITIONS);
export type WidgetPosition = z.infer<typeof WidgetPosition>;
export const WidgetSize = z.enum(WIDGET_SIZES);
export type WidgetSize = z.infer<typeof WidgetSize>;
/** Whether a pre-chat form field is asked for. */
export const PreChatFieldMode = z.enum(PRE_CHAT_FIELD_MODES);
export type PreChatFieldMode = z.infer<typeof PreChatFieldMode>;
export const WidgetLanguage = z.enum(WIDGET_LANGUAGES);
export type WidgetLanguage = z.infer<typeof WidgetLanguage>;

/** Only https logos: the widget runs on the host's (usually https) page. */
export const HttpsUrl = z
  .string()
  .max(URL_MAX)
  .regex(/^https:\/\/[^\s"'<>]+$/, 'must be an https URL');

/** The fields that may differ on narrow (mobile) screens. */
export const WidgetDisplaySettings = z.object({
  position: WidgetPosition,
  color: z.string().regex(WIDGET_COLOR_PATTERN, 'must be #rrggbb'),
  size: WidgetSize,
  logoUrl: HttpsUrl.optional(),
  /** Shown in the widget's header; defaults to the site's name. */
  siteName: z.string().trim().min(1).max(SITE_NAME_MAX),
  greeting: z.string().max(GREETING_MAX),
  launcherText: z.string().max(LAUNCHER_TEXT_MAX),
});
export type WidgetDisplaySettings = z.infer<typeof WidgetDisplaySettings>;

/** A site's widget settings. Every field has a default (defaultWidgetSettings, widget-settings.defaults.ts). */
export const WidgetSettings = WidgetDisplaySettings.extend({
  /** When no agent is online: hide the widget, or show the offline-message form. */
  offlineBehavior: z.enum(OFFLINE_BEHAVIORS),
  /** Overrides of the display fields on narrow screens. */
  mobile: WidgetDisplaySettings.partial().optional(),
  preChat: z.object({
    name: PreChatFieldMode,
    email: PreChatFieldMode,
    question: PreChatFieldMode,
  }),
  /** Forces the widget's language; absent = chosen from the browser. */
  language: WidgetLanguage.optional(),
});
export type WidgetSettings = z.infer<typeof WidgetSettings>;

export const GetWidgetSettings = z.object({ siteId: Id });
export const UpdateWidgetSettings = z.object({ siteId: Id, settings: WidgetSettings });
export type UpdateWidgetSettings = z.infer<typeof UpdateWidgetSettings>;
export const WidgetSettingsResult = z.object({ settings: WidgetSettings });

/**
 * Checks a host page's identity claim: `hash` must be hex HMAC-SHA256(site identity secret,
 * email). The secret never leaves the directory service.
 */
export const VerifyIdentity = z.object({
  siteId: Id,
  email: z.string().max(EMAIL_MAX),
  hash: z.string().max(128),
});
export type VerifyIdentity = z.infer<typeof VerifyIdentity>;
export const VerifyIdentityResult = z.object({ verified: z.boolean() });

/**
 * `directory.create-site` answers with the new site's identity secret, once: the CLI shows it
 * to the operator (for the host site's server) and it is never sent again.
 */
export const CreateSiteResult = SiteResult.extend({ identitySecret: z.string().optional() });
