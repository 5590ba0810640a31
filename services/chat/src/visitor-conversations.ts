import type { VisitorEvent } from '@sapa/contracts';

/**
 * The `visitor-<id>` stream remembers which conversation a visitor is in. Its version is the
 * lock that makes "start a conversation" safe under races: of 20 parallel starts, one appends
 * VisitorConversationOpened at the loaded version; the others lose the race, reload and find
 * that conversation already open.
 */
export interface VisitorConversationsState {
  readonly currentConversationId: string | null;
}

export const initialVisitorState: VisitorConversationsState = { currentConversationId: null };

export function evolveVisitor(
  state: VisitorConversationsState,
  event: VisitorEvent & { readonly version: number },
): VisitorConversationsState {
  switch (event.type) {
    case 'VisitorConversationOpened':
      return { ...state, currentConversationId: event.data.conversationId };
    default: {
      const unknown: never = event.type;
      throw new Error(`unknown visitor event ${String(unknown)}`);
    }
  }
}

/**
 * Decides whether a start needs a new conversation. `current` tells the state of the visitor's
 * current conversation: an open one is reused; a closed one (or none) gets a successor.
 */
export function decideOpenConversation(
  state: VisitorConversationsState,
  current: 'missing' | 'new' | 'open' | 'closed',
  ids: { readonly visitorId: string; readonly siteId: string; readonly newConversationId: string },
): VisitorEvent[] {
  if (state.currentConversationId !== null && (current === 'open' || current === 'new')) return [];
  return [
    {
      type: 'VisitorConversationOpened',
      data: { visitorId: ids.visitorId, siteId: ids.siteId, conversationId: ids.newConversationId },
    },
  ];
}
