import { obj, str, type ClientEvent, type ConversationSummary } from '../api/wire.js';

/** The events of one conversation the dashboard holds, in version order, each once. */
export interface Timeline {
  readonly events: readonly ClientEvent[];
  /** Highest version held; resume asks for what came after it. */
  readonly version: number;
}

export const EMPTY_TIMELINE: Timeline = { events: [], version: 0 };

/**
 * Adds an event to a timeline. A version already held is ignored (a resume after a
 * reconnect may overlap what arrived live), anything else is inserted in order.
 */
export function addEvent(timeline: Timeline, event: ClientEvent): Timeline {
  if (timeline.events.some((held) => held.version === event.version)) return timeline;
  const events = [...timeline.events, event].sort((a, b) => a.version - b.version);
  return { events, version: Math.max(timeline.version, event.version) };
}

/** A summary for a conversation first seen through its events (it started after the list was loaded). */
export function summaryFromStart(event: ClientEvent, siteId: string): ConversationSummary {
  const preChat = obj(event.data, 'preChat');
  const page = obj(event.data, 'page');
  return {
    conversationId: event.conversationId,
    siteId,
    visitorId: str(event.data, 'visitorId') ?? '',
    visitorName: str(preChat, 'name') ?? null,
    visitorEmail: str(preChat, 'email') ?? null,
    status: 'open',
    assigneeId: null,
    assigneeName: null,
    participantIds: [],
    messageCount: 0,
    lastMessageText: null,
    lastMessageAt: null,
    startedAt: event.time,
    closedAt: null,
    version: event.version,
    currentUrl: str(page, 'url') ?? null,
  };
}

/**
 * Keeps a list row current from a live event, so the inbox moves without re-listing. The
 * list is re-read from the server on every (re)connection, which corrects any drift.
 */
export function applyToSummary(
  summary: ConversationSummary,
  event: ClientEvent,
): ConversationSummary {
  if (event.version <= summary.version) return summary;
  const next = { ...summary, version: event.version };
  const data = event.data;
  switch (event.type) {
    case 'MessagePosted': {
      const author = obj(data, 'author');
      const participantIds =
        author.kind === 'agent' &&
        typeof author.id === 'string' &&
        !summary.participantIds.includes(author.id)
          ? [...summary.participantIds, author.id]
          : summary.participantIds;
      return {
        ...next,
        participantIds,
        // An agent's answer settles the first-response SLA.
        ...(author.kind === 'agent' ? { escalation: null } : {}),
        messageCount: summary.messageCount + 1,
        lastMessageText: str(data, 'text') ?? null,
        lastMessageAt: event.time,
      };
    }
    case 'ChatClaimed':
    case 'AgentJoined': {
      const agentId = str(data, 'agentId') ?? '';
      return {
        ...next,
        assigneeId: event.type === 'ChatClaimed' ? agentId : summary.assigneeId,
        assigneeName:
          event.type === 'ChatClaimed' ? (str(data, 'agentName') ?? null) : summary.assigneeName,
        participantIds: summary.participantIds.includes(agentId)
          ? summary.participantIds
          : [...summary.participantIds, agentId],
      };
    }
    case 'ConversationClosed':
      return { ...next, status: 'closed', closedAt: event.time, escalation: null };
    case 'ConversationEscalated': {
      const level = data.level === 'supervisors' ? 'supervisors' : 'agents';
      return {
        ...next,
        escalation: summary.escalation === 'supervisors' ? 'supervisors' : level,
      };
    }
    case 'ConversationRouted':
      // A requeued chat waits afresh: its SLA starts over (chat's projection does the same).
      return data.cause === 'requeued'
        ? { ...next, assigneeId: null, assigneeName: null, escalation: null }
        : next;
    case 'VisitorNavigated':
      return { ...next, currentUrl: str(data, 'url') ?? summary.currentUrl ?? null };
    case 'VisitorIdentified':
      return {
        ...next,
        visitorName: str(data, 'name') ?? summary.visitorName,
        visitorEmail: str(data, 'email') ?? summary.visitorEmail,
      };
    case 'ConversationRated': {
      const rating = data.rating;
      return { ...next, rating: rating === 'good' || rating === 'bad' ? rating : null };
    }
    default:
      // Other events (whispers, window toggles, ...) change no column of the list.
      return next;
  }
}

/** The inbox folders of the dashboard. */
export type Folder = 'waiting' | 'mine' | 'open' | 'closed';

/** Which folders a conversation belongs to, for the agent `me`. */
export function foldersOf(summary: ConversationSummary, me: string): Folder[] {
  if (summary.status === 'closed') return ['closed'];
  const folders: Folder[] = ['open'];
  if (summary.assigneeId === null) folders.push('waiting');
  if (summary.assigneeId === me || summary.participantIds.includes(me)) folders.push('mine');
  return folders;
}

/** Newest activity first. */
export function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  const at = (summary: ConversationSummary) => summary.lastMessageAt ?? summary.startedAt;
  return at(b).localeCompare(at(a));
}
