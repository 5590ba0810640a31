import { useEffect, useRef } from 'react';
import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import { obj, str } from '../state/event-data.js';
import { formatTime } from '../format.js';
import { systemLine, type NameOf } from '../state/system-lines.js';

/**
 * The conversation as it happened: messages, internal notes (whispers) set apart, and
 * one-line system entries. Text is always a React text child: it is never parsed as HTML.
 */
export function MessageList(props: { events: readonly ClientEvent[]; me: string; nameOf: NameOf }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [props.events.length]);
  return (
    <ol className="messages" aria-label="Messages" aria-live="polite">
      {props.events.map((event) => (
        <EventItem key={event.version} event={event} me={props.me} nameOf={props.nameOf} />
      ))}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}

function EventItem(props: { event: ClientEvent; me: string; nameOf: NameOf }) {
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
      const line = systemLine(event, props.nameOf);
      return line ? (
        <li
          className={`system${event.type === 'ConversationEscalated' ? ' urgent' : ''}`}
          data-testid="system-line"
        >
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
