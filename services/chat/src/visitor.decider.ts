import {
  ForbiddenError,
  type ConversationEvent,
  type Rating,
  type VisitorActor,
  type VisitorAttributes,
} from '@sapa/contracts';
import { dropUndefined } from './command-metadata.js';
import { identityKey, type ConversationState } from './conversation.state.js';

/**
 * The visitor's own commands on their conversation: where they are (navigation, window),
 * who they are (identity), what they thought of it (rating) and the transcript they asked
 * for. Pure, like conversation.decider.ts, which dispatches here.
 */
export type VisitorCommand =
  | {
      readonly type: 'RecordNavigation';
      readonly data: {
        readonly visitor: VisitorActor;
        readonly url: string;
        readonly title?: string | undefined;
      };
    }
  | {
      readonly type: 'ToggleChatWindow';
      readonly data: { readonly visitor: VisitorActor; readonly minimized: boolean };
    }
  | {
      readonly type: 'RateConversation';
      readonly data: {
        readonly visitor: VisitorActor;
        readonly rating: Rating;
        readonly comment?: string | undefined;
      };
    }
  | {
      readonly type: 'RequestTranscript';
      readonly data: { readonly visitor: VisitorActor; readonly email: string };
    }
  | {
      readonly type: 'IdentifyVisitor';
      readonly data: {
        readonly visitor: VisitorActor;
        readonly name?: string | undefined;
        readonly email?: string | undefined;
        readonly verified: boolean;
        readonly attributes?: VisitorAttributes | undefined;
      };
    };

/** Decides a visitor's command on a started conversation. */
export function decideVisitorCommand(
  command: VisitorCommand,
  state: ConversationState,
): ConversationEvent[] {
  switch (command.type) {
    case 'RecordNavigation': {
      assertOwn(command.data.visitor, state);
      const { url, title } = command.data;
      // After the chat ended, or a reload of the same page: nothing worth telling the agent.
      if (state.status === 'closed' || state.currentUrl === url) return [];
      return [{ type: 'VisitorNavigated', data: title === undefined ? { url } : { url, title } }];
    }
    case 'ToggleChatWindow': {
      assertOwn(command.data.visitor, state);
      const { minimized } = command.data;
      if (state.status === 'closed' || state.minimized === minimized) return [];
      return [{ type: 'ChatWindowToggled', data: { minimized } }];
    }
    case 'RateConversation': {
      // Allowed while open and after close; the last rating wins, an identical repeat is a no-op.
      assertOwn(command.data.visitor, state);
      const { rating, comment } = command.data;
      if (state.rating?.rating === rating && state.rating.comment === (comment ?? null)) return [];
      return [
        {
          type: 'ConversationRated',
          data: comment === undefined ? { rating } : { rating, comment },
        },
      ];
    }
    case 'RequestTranscript':
      assertOwn(command.data.visitor, state);
      return [{ type: 'TranscriptRequested', data: { email: command.data.email } }];
    case 'IdentifyVisitor': {
      assertOwn(command.data.visitor, state);
      const { name, email, verified, attributes } = command.data;
      const data = dropUndefined({ name, email, verified, attributes });
      if (state.status === 'closed' || state.identity === identityKey(data)) return [];
      return [{ type: 'VisitorIdentified', data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

function assertOwn(visitor: VisitorActor, state: ConversationState): void {
  if (visitor.id !== state.visitorId) {
    throw new ForbiddenError('not your conversation', 'not_a_participant');
  }
}
