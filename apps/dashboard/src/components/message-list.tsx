import { useEffect, useRef } from 'react';
import { obj, str, type ClientEvent } from '../api/wire.js';
import { formatTime } from '../format.js';

/**
 * The conversation as it happened: messages, internal notes (whispers) set apart, and
 * one-line system entries. Text is always a React text child: it is never parsed as HTML.
 */
export function MessageList(props: { events: readonly ClientEvent[]; me: string }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [props.events.length]);
  return (
    <ol className="messages" aria-label="Messages" aria-live="polite">
      {props.events.map((event) => (
        <EventItem key={event.version} event={event} me={props.me} />
      ))}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}

function EventItem(props: { event: ClientEvent; me: string }) {
  const { event } = props;
  const data = event.data;
  switch (event.type) {
    case 'MessagePosted':
    case 'WhisperPosted': {
      const author = obj(data, 'author');
      const whisper = event.type === 'WhisperPosted';
      const side = author.kind === 'visitor' ? 'from-visitor' : 'from-agent';
      return (
        <li
          className={`message ${side}${whisper ? ' whisper' : ''}`}
          data-testid={whisper ? 'whisper' : 'message'}
        >
          <div className="message-head">
            <span className="author">
              {whisper
                ? `Internal note · ${str(author, 'name') ?? 'Agent'}`
                : authorName(author, props.me)}
            </span>
            <time>{formatTime(event.time)}</time>
          </div>
          <p className="message-text">{str(data, 'text')}</p>
        </li>
      );
    }
    default: {
      const line = systemLine(event);
      return line ? (
        <li className="system" data-testid="system-line">
          {line} <time>{formatTime(event.time)}</time>
        </li>
      ) : null;
    }
  }
}

function authorName(author: Readonly<Record<string, unknown>>, me: string): string {
  if (author.kind === 'visitor') return str(author, 'name') ?? 'Visitor';
  return author.id === me ? 'You' : (str(author, 'name') ?? 'Agent');
}

/** One-line descriptions of the non-message events; unknown types are skipped. */
function systemLine(event: ClientEvent): string | undefined {
  const data = event.data;
  switch (event.type) {
    case 'ConversationStarted':
      return obj(data, 'startedBy').name
        ? `Chat started by ${str(obj(data, 'startedBy'), 'name')}`
        : 'Chat started';
    case 'ChatClaimed':
      return `${str(data, 'agentName') ?? 'An agent'} took the chat`;
    case 'AgentJoined':
      return `${str(data, 'agentName') ?? 'An agent'} joined`;
    case 'ConversationClosed':
      return obj(data, 'closedBy').kind === 'visitor'
        ? 'The visitor ended the chat'
        : 'Chat closed';
    case 'VisitorNavigated':
      return `Visitor opened ${str(data, 'title') ?? str(data, 'url') ?? 'a page'}`;
    case 'ChatWindowToggled':
      return data.minimized === true ? 'Visitor minimised the chat' : 'Visitor reopened the chat';
    case 'ConversationRated':
      return `Visitor rated the chat ${data.rating === 'good' ? 'good' : 'bad'}${str(data, 'comment') ? `: “${str(data, 'comment')}”` : ''}`;
    case 'TranscriptRequested':
      return `Visitor asked for the transcript by e-mail (${str(data, 'email') ?? ''})`;
    case 'VisitorIdentified':
      return `Visitor identified as ${str(data, 'name') ?? str(data, 'email') ?? 'someone'}${data.verified === true ? ' (verified)' : ''}`;
    default:
      return undefined;
  }
}
