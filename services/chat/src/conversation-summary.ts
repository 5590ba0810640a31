import type { ConversationEvent, ConversationSummary } from '@sapa/contracts';

/** Longest message preview kept in the list (the full text stays in the event). */
export const PREVIEW_LENGTH = 200;

/**
 * Folds one conversation event into its list row. Pure, so the live projection and a full
 * rebuild from the event history produce the same rows.
 */
export function summarizeConversation(
  summary: ConversationSummary | null,
  event: ConversationEvent & { readonly version: number; readonly time: string },
): ConversationSummary | null {
  if (event.type === 'ConversationStarted') {
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
  // Events before ConversationStarted cannot exist in a valid stream; ignore defensively.
  if (summary === null) return null;
  const next = { ...summary, version: event.version };
  switch (event.type) {
    case 'MessagePosted':
      return {
        ...next,
        messageCount: summary.messageCount + 1,
        lastMessageText: event.data.text.slice(0, PREVIEW_LENGTH),
        lastMessageAt: event.time,
        // An agent's answer meets the SLA: the chat is no longer escalated.
        escalation: event.data.author.kind === 'agent' ? null : (summary.escalation ?? null),
        visitorName:
          event.data.author.kind === 'visitor'
            ? (summary.visitorName ?? event.data.author.name ?? null)
            : summary.visitorName,
      };
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
      return { ...next, status: 'closed', closedAt: event.time };
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
      // A verified identity is not overwritten by a later unverified claim.
      if (summary.visitorVerified === true && !event.data.verified) return next;
      return {
        ...next,
        visitorName: event.data.name ?? summary.visitorName,
        visitorEmail: event.data.email ?? summary.visitorEmail,
        visitorVerified: event.data.verified,
      };
    case 'ConversationRouted':
      return event.data.cause === 'requeued'
        ? { ...next, assigneeId: null, assigneeName: null, escalation: null }
        : next;
    case 'ConversationEscalated':
      return { ...next, escalation: event.data.level };
    default: {
      const unknown: never = event;
      throw new Error(`unknown conversation event ${(unknown as { type: string }).type}`);
    }
  }
}

const addOnce = (ids: readonly string[], id: string): string[] =>
  ids.includes(id) ? [...ids] : [...ids, id];
