import {
  SapaError,
  defaultWidgetSettings,
  type LiveVisitorInfo,
  type SitePublic,
  type VisitorActor,
  type VisitorFrame,
} from '@sapa/contracts';
import type { SessionDeps } from './session-deps.js';
import type { VisitorProfile } from './visitor-profile.js';

type Frame<T extends VisitorFrame['type']> = Extract<VisitorFrame, { type: T }>;

/** What the widget's requests need of the visitor's session. */
export interface WidgetRequestContext {
  readonly deps: SessionDeps;
  readonly site: SitePublic;
  readonly visitorId: string;
  readonly actor: () => VisitorActor;
  readonly browser: LiveVisitorInfo;
  readonly profile: VisitorProfile;
}

/**
 * The widget's requests around a chat: its settings and the site's availability, the chat
 * window (minimized or open), the rating, the transcript by e-mail and the offline form.
 * Merged into the visitor session's handler table.
 */
export function widgetRequestHandlers(context: WidgetRequestContext) {
  const { deps, site, browser, profile } = context;
  const { bus } = deps;
  const siteId = site.siteId;
  const timeout = { timeoutMs: deps.rpcTimeoutMs };
  return {
    'chat.window': async (frame: Frame<'chat.window'>) => {
      await bus.request(
        'chat.toggle-window',
        { siteId, visitor: context.actor(), ...frame.data },
        timeout,
      );
      return {};
    },
    'conversation.rate': (frame: Frame<'conversation.rate'>) =>
      bus.request(
        'chat.rate-conversation',
        { siteId, visitor: context.actor(), ...frame.data },
        timeout,
      ),
    'transcript.request': (frame: Frame<'transcript.request'>) =>
      bus.request(
        'chat.request-transcript',
        { siteId, visitor: context.actor(), ...frame.data },
        timeout,
      ),
    'offline.leave': async (frame: Frame<'offline.leave'>) => {
      const page = frame.data.page ?? profile.page;
      const language = frame.data.language ?? browser.language;
      const left = await bus.request(
        'chat.leave-offline-message',
        {
          siteId,
          visitorId: context.visitorId,
          ...frame.data,
          ...(page ? { page } : {}),
          ...(language ? { language } : {}),
        },
        timeout,
      );
      return { offlineMessageId: left.offlineMessageId };
    },
    'settings.get': async () => {
      const [settings, availability] = await Promise.all([
        bus
          .request('directory.get-widget-settings', { siteId }, timeout)
          .then((result) => result.settings)
          .catch((error: unknown) => {
            // The widget must still show up if directory is briefly away.
            if (
              error instanceof SapaError &&
              (error.code === 'unavailable' || error.code === 'timeout')
            ) {
              return defaultWidgetSettings(site.name);
            }
            throw error;
          }),
        bus
          .request('presence.site-availability', { siteId }, { timeoutMs: 1000 })
          .catch(() => ({ online: false, departments: [] })),
      ]);
      // The departments a visitor may pick in the pre-chat and offline forms.
      return { settings, online: availability.online, departments: availability.departments };
    },
  };
}
