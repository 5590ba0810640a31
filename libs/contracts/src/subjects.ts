import { z } from 'zod';
import * as chat from './chat.commands.js';
import * as presence from './presence.commands.js';
import * as directory from './directory.commands.js';
import { TICKETS_RPC } from './tickets.commands.js';
import { parseStream } from './ids.js';
import { NOTIFY_RPC } from './notify.commands.js';
import { DUTY_RPC } from './duty.commands.js';
import { rpc } from './rpc.js';

/**
 * NATS subject layout (version 1). See docs/events.md.
 *
 *   sapa.v1.rpc.<service>.<command>                         request/reply, queue group = service
 *   sapa.v1.evt.<siteId>.<category>.<streamId>.<EventType>  domain events (JetStream SAPA_EVENTS)
 *   sapa.v1.eph.<siteId>.conversation.<conversationId>.typing   ephemeral, core NATS only
 *
 * siteId and streamId are `Id`s, which contain no '.', '*' or '>' and so are safe tokens.
 */
export const SUBJECT_PREFIX = 'sapa.v1';

/** The JetStream stream holding every domain event. */
export const EVENTS_STREAM = 'SAPA_EVENTS';
export const EVENTS_SUBJECTS = `${SUBJECT_PREFIX}.evt.>`;

/**
 * The typed map from command name to its request and response schemas: the bus refuses to
 * compile a wrong payload and validates both at runtime.
 */
export const RPC = {
  'chat.start-conversation': rpc(chat.StartConversation, chat.StartConversationResult),
  'chat.post-message': rpc(chat.PostMessage, chat.PostMessageResult),
  'chat.join-conversation': rpc(chat.JoinConversation, chat.VersionResult),
  'chat.close-conversation': rpc(chat.CloseConversation, chat.VersionResult),
  'chat.read-conversation': rpc(chat.ReadConversation, chat.ReadConversationResult),
  'chat.find-visitor-conversation': rpc(
    chat.FindVisitorConversation,
    chat.FindVisitorConversationResult,
  ),
  'chat.list-conversations': rpc(chat.ListConversations, chat.ListConversationsResult),
  'chat.post-whisper': rpc(chat.PostWhisper, chat.PostMessageResult),
  'chat.record-navigation': rpc(chat.RecordNavigation, chat.VersionResult),
  'chat.toggle-window': rpc(chat.ToggleChatWindow, chat.VersionResult),
  'chat.rate-conversation': rpc(chat.RateConversation, chat.VersionResult),
  'chat.request-transcript': rpc(chat.RequestTranscript, chat.VersionResult),
  'chat.identify-visitor': rpc(chat.IdentifyVisitor, chat.VersionResult),
  'chat.leave-offline-message': rpc(chat.LeaveOfflineMessage, chat.LeaveOfflineMessageResult),
  'chat.search-conversations': rpc(chat.SearchConversations, chat.ListConversationsResult),
  'chat.record-routing': rpc(chat.RecordRouting, chat.RecordResult),
  'chat.record-escalation': rpc(chat.RecordEscalation, chat.RecordResult),
  'presence.agent-heartbeat': rpc(presence.AgentHeartbeat, presence.AgentPresenceResult),
  'presence.agent-disconnected': rpc(presence.AgentDisconnected, presence.AgentPresenceResult),
  'presence.set-agent-status': rpc(presence.SetAgentStatus, presence.AgentPresenceResult),
  'presence.site-availability': rpc(presence.SiteQuery, presence.SiteAvailability),
  'presence.online-agents': rpc(presence.SiteQuery, presence.OnlineAgentsResult),
  'presence.visitor-seen': rpc(presence.VisitorSeen, presence.VisitorSeenResult),
  'presence.visitors-seen': rpc(presence.VisitorsSeen, presence.VisitorsSeenResult),
  'presence.visitor-gone': rpc(presence.VisitorGone, presence.VisitorGoneResult),
  'presence.visitors-gone': rpc(presence.VisitorsGone, presence.VisitorsGoneResult),
  'presence.live-visitors': rpc(presence.SiteQuery, presence.LiveVisitorsResult),
  'directory.get-site-by-key': rpc(directory.GetSiteByKey, directory.SiteResult),
  'directory.get-site': rpc(directory.GetSite, directory.SiteResult),
  'directory.create-site': rpc(directory.CreateSite, directory.CreateSiteResult),
  'directory.create-agent': rpc(directory.CreateAgent, directory.AgentResult),
  'directory.login': rpc(directory.Login, directory.AgentResult),
  'directory.get-widget-settings': rpc(directory.GetWidgetSettings, directory.WidgetSettingsResult),
  'directory.update-widget-settings': rpc(
    directory.UpdateWidgetSettings,
    directory.WidgetSettingsResult,
  ),
  'directory.verify-identity': rpc(directory.VerifyIdentity, directory.VerifyIdentityResult),
  ...TICKETS_RPC,
  ...NOTIFY_RPC,
  ...DUTY_RPC,
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type RpcName = keyof typeof RPC;
/** What a caller passes (defaults may be omitted). */
export type RpcRequestInput<N extends RpcName> = z.input<(typeof RPC)[N]['request']>;
/** What a handler receives (defaults applied, validated). */
export type RpcRequest<N extends RpcName> = z.output<(typeof RPC)[N]['request']>;
export type RpcResponse<N extends RpcName> = z.output<(typeof RPC)[N]['response']>;

/** The service owning a command is the first segment of its name; it is also the queue group. */
export const rpcService = (name: RpcName): string => name.slice(0, name.indexOf('.'));
export const rpcSubject = (name: RpcName): string => `${SUBJECT_PREFIX}.rpc.${name}`;

/** Subject of one stored event. `stream` is `<category>-<id>`. */
export function eventSubject(siteId: string, stream: string, type: string): string {
  const { category, id } = parseStream(stream);
  return `${SUBJECT_PREFIX}.evt.${siteId}.${category}.${id}.${type}`;
}

/** Every event of one conversation (a visitor's socket subscribes to this). */
export const conversationEventsSubject = (siteId: string, conversationId: string): string =>
  `${SUBJECT_PREFIX}.evt.${siteId}.conversation.${conversationId}.*`;

/**
 * Every visitor stream's events of a site: a gateway subscribes once per site and hands each
 * event to the sockets of its visitor (one NATS subscription per site, not per page view).
 */
export const siteVisitorEventsSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.evt.${siteId}.visitor.*.*`;

/** Every conversation event of a site (an agent's socket subscribes to this). */
export const siteConversationEventsSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.evt.${siteId}.conversation.>`;

/** Ephemeral typing signals: not stored, not replayed. */
export const typingSubject = (siteId: string, conversationId: string): string =>
  `${SUBJECT_PREFIX}.eph.${siteId}.conversation.${conversationId}.typing`;
export const siteTypingSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.eph.${siteId}.conversation.*.typing`;

export const TypingSignal = z.object({
  conversationId: z.string(),
  actor: z.object({
    kind: z.enum(['visitor', 'agent']),
    id: z.string(),
    name: z.string().optional(),
  }),
  isTyping: z.boolean(),
});
export type TypingSignal = z.infer<typeof TypingSignal>;

/** Ephemeral presence changes of a site's agents (payload: AgentPresence); dashboards listen. */
export const presenceChangedSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.eph.${siteId}.presence`;

/** Ephemeral live-visitor changes of a site (payload: LiveVisitorsChanged); dashboards listen. */
export const liveVisitorsSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.eph.${siteId}.visitors`;

/** Ephemeral: a site's widget settings were saved (payload: SiteSettingsChanged); visitor sockets listen. */
export const siteSettingsSubject = (siteId: string): string =>
  `${SUBJECT_PREFIX}.eph.${siteId}.settings`;
export const SiteSettingsChanged = z.object({
  siteId: z.string(),
  settings: directory.WidgetSettings,
});
export type SiteSettingsChanged = z.infer<typeof SiteSettingsChanged>;
