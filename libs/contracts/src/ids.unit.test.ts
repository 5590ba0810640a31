import { describe, expect, it } from '@jest/globals';
import {
  conversationStream,
  newId,
  offlineMessageStream,
  parseStream,
  streamIdOf,
  visitorStream,
} from './ids.js';
import { SUBJECT_PREFIX, eventSubject } from './subjects.js';
import { ticketStream } from './tickets.events.js';

describe('stream names', () => {
  it('reads back what each builder wrote', () => {
    const id = newId();
    expect(parseStream(conversationStream(id))).toEqual({ category: 'conversation', id });
    expect(parseStream(visitorStream(id))).toEqual({ category: 'visitor', id });
    expect(parseStream(offlineMessageStream(id))).toEqual({ category: 'offline', id });
    expect(parseStream(ticketStream(id))).toEqual({ category: 'ticket', id });
  });

  it('splits at the first dash only', () => {
    expect(parseStream('conversation-a-b')).toEqual({ category: 'conversation', id: 'a-b' });
  });

  it('reads a name without a dash as all category', () => {
    expect(parseStream('conversation')).toEqual({ category: 'conversation', id: '' });
  });

  it('gives the id only for the asked category', () => {
    expect(streamIdOf('ticket', ticketStream('t1'))).toBe('t1');
    expect(streamIdOf('conversation', ticketStream('t1'))).toBeUndefined();
    // A category is a whole segment: "conversations-x" is not a conversation stream.
    expect(streamIdOf('conversation', 'conversations-x')).toBeUndefined();
  });

  it('names the event subject from the parsed stream', () => {
    expect(eventSubject('s1', conversationStream('c1'), 'MessagePosted')).toBe(
      `${SUBJECT_PREFIX}.evt.s1.conversation.c1.MessagePosted`,
    );
  });
});
