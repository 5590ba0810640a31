import {
  ConversationEvent,
  type StoredEvent,
  type TicketRequester,
  type TranscriptLine,
} from '@sapa/contracts';

/** What a chat contributes to the ticket it is converted into. */
export interface ChatDigest {
  readonly visitorName: string | null;
  readonly visitorEmail: string | null;
  readonly firstQuestion: string | null;
  readonly department: string | null;
  readonly language: string | null;
  readonly page: { url: string; title?: string } | null;
  readonly transcript: TranscriptLine[];
}

/**
 * Reads a conversation's events into a transcript of its public messages (whispers and other
 * agent-only events stay out: the transcript may be e-mailed to the visitor) and what the
 * visitor told about themself. Pure; events it does not know are skipped.
 */
export function digestChat(events: readonly StoredEvent[]): ChatDigest {
  let visitorName: string | null = null;
  let visitorEmail: string | null = null;
  let firstQuestion: string | null = null;
  let department: string | null = null;
  let language: string | null = null;
  let page: ChatDigest['page'] = null;
  const transcript: TranscriptLine[] = [];
  for (const stored of events) {
    const parsed = ConversationEvent.safeParse({ type: stored.type, data: stored.data });
    if (!parsed.success) continue;
    const event = parsed.data;
    switch (event.type) {
      case 'ConversationStarted':
        visitorName = event.data.preChat?.name ?? visitorName;
        visitorEmail = event.data.preChat?.email ?? visitorEmail;
        firstQuestion = event.data.preChat?.question ?? firstQuestion;
        department = event.data.department ?? department;
        language = event.data.visitorInfo?.language ?? language;
        page = event.data.page
          ? {
              url: event.data.page.url,
              ...(event.data.page.title ? { title: event.data.page.title } : {}),
            }
          : page;
        break;
      case 'MessagePosted': {
        const { author, text } = event.data;
        if (author.kind === 'visitor') firstQuestion ??= text;
        transcript.push({
          author: author.kind,
          ...(author.name === undefined ? {} : { name: author.name }),
          text,
          time: stored.time,
        });
        break;
      }
      case 'VisitorIdentified':
        visitorName = event.data.name ?? visitorName;
        visitorEmail = event.data.email ?? visitorEmail;
        break;
      case 'TranscriptRequested':
        visitorEmail ??= event.data.email;
        break;
      case 'ChatClaimed':
      case 'AgentJoined':
      case 'ConversationClosed':
      case 'VisitorNavigated':
      case 'ChatWindowToggled':
      case 'WhisperPosted':
      case 'ConversationRated':
      case 'ConversationRouted':
      case 'ConversationEscalated':
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown conversation event ${(unknown as { type: string }).type}`);
      }
    }
  }
  return { visitorName, visitorEmail, firstQuestion, department, language, page, transcript };
}

/** The requester of a converted chat: what the agent typed wins over what the chat knew. */
export function requesterOf(
  digest: ChatDigest,
  given: Partial<TicketRequester> | undefined,
): { name: string; email: string | null } {
  return {
    name: given?.name ?? digest.visitorName ?? '',
    email: given?.email ?? digest.visitorEmail,
  };
}
