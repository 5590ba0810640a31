import { z } from 'zod';
import * as chat from './chat.commands.js';
import * as presence from './presence.commands.js';
import * as directory from './directory.commands.js';
import { TICKETS_RPC } from './tickets.commands.js';
import { NOTIFY_RPC } from './notify.commands.js';
import { DUTY_RPC } from './duty.commands.js';

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
  'chat.start-conversation': {
    request: chat.StartConversation,
    response: chat.StartConversationResult,
  },
  'chat.post-message': { request: chat.PostMessage, response: chat.PostMessageResult },
  'chat.join-conversation': { request: chat.JoinConversation, response: chat.VersionResult },
  'chat.close-conversation': { request: chat.CloseConversation, response: chat.VersionResult },
  'chat.read-conversation': {
    request: chat.ReadConversation,
    response: chat.ReadConversationResult,
  },
  'chat.find-visitor-conversation': {
    request: chat.FindVisitorConversation,
    response: chat.FindVisitorConversationResult,
  },
  'chat.list-conversations': {
    request: chat.ListConversations,
    response: chat.ListConversationsResult,
  },
  'chat.post-whisper': { request: chat.PostWhisper, response: chat.PostMessageResult },
  'chat.record-navigation': { request: chat.RecordNavigation, response: chat.VersionResult },
  'chat.toggle-window': { request: chat.ToggleChatWindow, response: chat.VersionResult },
  'chat.rate-conversation': { request: chat.RateConversation, response: chat.VersionResult },
  'chat.request-transcript': { request: chat.RequestTranscript, response: chat.VersionResult },
  'chat.identify-visitor': { request: chat.IdentifyVisitor, response: chat.VersionResult },
  'chat.leave-offline-message': {
    request: chat.LeaveOfflineMessage,
    response: chat.LeaveOfflineMessageResult,
  },
  'chat.search-conversations': {
    request: chat.SearchConversations,
    response: chat.ListConversationsResult,
  },
  'chat.record-routing': { request: chat.RecordRouting, response: chat.RecordResult },
  'chat.record-escalation': { request: chat.RecordEscalation, response: chat.RecordResult },
  'presence.agent-heartbeat': {
    request: presence.AgentHeartbeat,
    response: presence.AgentPresenceResult,
  },
  'presence.agent-disconnected': {
    request: presence.AgentDisconnected,
    response: presence.AgentPresenceResult,
  },
  'presence.set-agent-status': {
    request: presence.SetAgentStatus,
    response: presence.AgentPresenceResult,
  },
  'presence.site-availability': {
    request: presence.SiteQuery,
    response: presence.SiteAvailability,
  },
  'presence.online-agents': { request: presence.SiteQuery, response: presence.OnlineAgentsResult },
  'presence.visitor-seen': { request: presence.VisitorSeen, response: presence.VisitorSeenResult },
  'presence.visitors-seen': {
    request: presence.VisitorsSeen,
    response: presence.VisitorsSeenResult,
  },
  'presence.visitor-gone': { request: presence.VisitorGone, response: presence.VisitorGoneResult },
  'presence.visitors-gone': {
    request: presence.VisitorsGone,
    response: presence.VisitorsGoneResult,
  },
  'presence.live-visitors': { request: presence.SiteQuery, response: presence.LiveVisitorsResult },
  'directory.get-site-by-key': { request: directory.GetSiteByKey, response: directory.SiteResult },
  'directory.get-site': { request: directory.GetSite, response: directory.SiteResult },
  'directory.create-site': {
    request: directory.CreateSite,
    response: directory.CreateSiteResult,
  },
  'directory.create-agent': { request: directory.CreateAgent, response: directory.AgentResult },
  'directory.login': { request: directory.Login, response: directory.AgentResult },
  'directory.get-widget-settings': {
    request: directory.GetWidgetSettings,
    response: directory.WidgetSettingsResult,
  },
  'directory.update-widget-settings': {
    request: directory.UpdateWidgetSettings,
    response: directory.WidgetSettingsResult,
  },
  'directory.verify-identity': {
    request: directory.VerifyIdentity,
    response: directory.VerifyIdentityResult,
  },
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
  const dash = stream.indexOf('-');
  return `${SUBJECT_PREFIX}.evt.${siteId}.${stream.slice(0, dash)}.${stream.slice(dash + 1)}.${type}`;
}

/** Every event of one conversation (a visitor's socket subscribes to this). */
export const conversationEventsSubject = (siteId: string, conversationId: string): string =>
  `${SUBJECT_PREFIX}.evt.${siteId}.conversation.${conversationId}.*`;

/** Every event of one visitor's stream: a proactive chat opened for them shows up here. */
export const visitorEventsSubject = (siteId: string, visitorId: string): string =>
  `${SUBJECT_PREFIX}.evt.${siteId}.visitor.${visitorId}.*`;

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
