import type { ConversationEvent, ConversationSummary } from '@sapa/contracts';
import { identifyVisitor } from './visitor-identity.js';

/** Longest message preview kept in a list row (the full text stays in the event). */
export const PREVIEW_LENGTH = 200;

/** A conversation event with its place in the stream and the time it was stored. */
export type ConversationEventAt = ConversationEvent & {
  readonly version: number;
  readonly time: string;
};

type Escalation = NonNullable<ConversationSummary['escalation']>;
type EventOf<T extends ConversationEvent['type']> = Extract<ConversationEventAt, { type: T }>;

/**
 * Folds one conversation event into its list row: the one rule for what the conversation
 * list shows, used by chat's projection (stored rows) and by the dashboard (rows kept live
 * between two list reads). Pure, so a live fold and a rebuild from the history agree.
 *
 * An event the row already reflects (version not above the row's) changes nothing, so a
 * redelivery or a resume overlapping live events is harmless. Events before
 * `ConversationStarted` cannot exist in a valid stream; they give no row. The decisions
 * behind each column are in docs/events.md ("The conversation list row").
 */
export function summarizeConversation(
  summary: ConversationSummary | null,
  event: ConversationEventAt,
): ConversationSummary | null {
  if (summary !== null && event.version <= summary.version) return summary;
  if (event.type === 'ConversationStarted') return startedRow(event);
  if (summary === null) return null;
  return evolveRow(summary, event);
}

function startedRow(event: EventOf<'ConversationStarted'>): ConversationSummary {
  const { data } = event;
  return {
    conversationId: data.conversationId,
    siteId: data.siteId,
    visitorId: data.visitorId,
    visitorName: data.preChat?.name ?? null,
    visitorEmail: data.preChat?.email ?? null,
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
    rating: null,
    ratingComment: null,
    currentUrl: data.page?.url ?? null,
    currentTitle: data.page?.title ?? null,
    visitorVerified: false,
    startedById: data.startedBy?.id ?? null,
    department: data.department ?? null,
    minimized: false,
    whisperCount: 0,
    transcriptEmail: null,
    escalation: null,
  };
}

function evolveRow(summary: ConversationSummary, event: ConversationEventAt): ConversationSummary {
  const next = { ...summary, version: event.version };
  switch (event.type) {
    case 'ConversationStarted':
      // Always version 1, so a held row has it already (see the version check above).
      return next;
    case 'MessagePosted':
      return posted(next, event);
    case 'ChatClaimed':
      return {
        ...next,
        assigneeId: event.data.agentId,
        assigneeName: event.data.agentName,
        participantIds: addOnce(summary.participantIds, event.data.agentId),
      };
    case 'AgentJoined':
      return { ...next, participantIds: addOnce(summary.participantIds, event.data.agentId) };
    case 'ConversationClosed':
      // A closed chat waits for nobody: no SLA badge stays on it.
      return { ...next, status: 'closed', closedAt: event.time, escalation: null };
    case 'VisitorNavigated':
      return { ...next, currentUrl: event.data.url, currentTitle: event.data.title ?? null };
    case 'ChatWindowToggled':
      return { ...next, minimized: event.data.minimized };
    case 'WhisperPosted':
      return { ...next, whisperCount: (summary.whisperCount ?? 0) + 1 };
    case 'ConversationRated':
      return { ...next, rating: event.data.rating, ratingComment: event.data.comment ?? null };
    case 'TranscriptRequested':
      return { ...next, transcriptEmail: event.data.email };
    case 'VisitorIdentified':
      return identified(next, event);
    case 'ConversationRouted':
      // A requeued chat waits afresh: no assignee, and its SLA starts over.
      return event.data.cause === 'requeued'
        ? { ...next, assigneeId: null, assigneeName: null, escalation: null }
        : next;
    case 'ConversationEscalated':
      return { ...next, escalation: higher(summary.escalation ?? null, event.data.level) };
    default:
      return unknownEvent(event, next);
  }
}

function posted(next: ConversationSummary, event: EventOf<'MessagePosted'>): ConversationSummary {
  const { author, text } = event.data;
  const common = {
    ...next,
    messageCount: next.messageCount + 1,
    lastMessageText: text.slice(0, PREVIEW_LENGTH),
    lastMessageAt: event.time,
  };
  if (author.kind === 'visitor') {
    // The name the visitor typed fills an empty name; it never replaces one already known.
    return { ...common, visitorName: next.visitorName ?? author.name ?? null };
  }
  // An agent who wrote takes part (the decider has them claim or join first), and the
  // answer meets the first-response SLA: the chat is no longer escalated.
  return { ...common, participantIds: addOnce(next.participantIds, author.id), escalation: null };
}

function identified(
  next: ConversationSummary,
  event: EventOf<'VisitorIdentified'>,
): ConversationSummary {
  const held = {
    name: next.visitorName,
    email: next.visitorEmail,
    verified: next.visitorVerified === true,
  };
  const identity = identifyVisitor(held, event.data);
  if (identity === held) return next;
  return {
    ...next,
    visitorName: identity.name ?? null,
    visitorEmail: identity.email ?? null,
    visitorVerified: identity.verified,
  };
}

/** Escalation only rises until something resets it: a late `agents` after `supervisors` keeps `supervisors`. */
function higher(held: Escalation | null, level: Escalation): Escalation {
  return held === 'supervisors' ? 'supervisors' : level;
}

/** Exhaustive at compile time; at run time an event type this build does not know changes no column. */
const unknownEvent = (_event: never, row: ConversationSummary): ConversationSummary => row;

const addOnce = (ids: readonly string[], id: string): string[] =>
  ids.includes(id) ? [...ids] : [...ids, id];
