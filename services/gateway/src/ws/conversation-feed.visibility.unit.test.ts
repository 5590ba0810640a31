import { describe, expect, it } from '@jest/globals';
import { isVisibleToVisitor, type ConversationEventType, type StoredEvent } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { LiveEvent } from '../fanout-hub.js';
import { ConversationFeed } from './conversation-feed.js';

const TYPES: Record<number, ConversationEventType> = {
  1: 'ConversationStarted',
  2: 'MessagePosted',
  3: 'WhisperPosted',
  4: 'VisitorNavigated',
  5: 'MessagePosted',
  6: 'WhisperPosted',
  7: 'ConversationRated',
};

const event = (version: number): StoredEvent =>
  ({
    id: `e${version}`,
    stream: 'conversation-c1',
    version,
    siteId: 's1',
    type: TYPES[version] ?? 'MessagePosted',
    data: {},
    metadata: {},
    time: '2026-11-22T00:00:00.000Z',
  }) as StoredEvent;

/** A visitor's feed: what the socket was sent, over an in-memory history. */
function visitorFeed(history: StoredEvent[]) {
  const sent: number[] = [];
  const feed = new ConversationFeed(
    (text) => {
      sent.push((JSON.parse(text) as { event: { version: number } }).event.version);
      return true;
    },
    (_conversationId, after) => Promise.resolve(history.filter((each) => each.version > after)),
    createLogger('test', 'silent'),
    (type) => isVisibleToVisitor(type as ConversationEventType),
  );
  return { feed, sent };
}

describe('a visitor feed', () => {
  it('never sends whispers or agent-only signals, live or on resume, and versions still advance', async () => {
    const history = [1, 2, 3, 4, 5].map(event);
    const { feed, sent } = visitorFeed(history);
    await expect(feed.follow('c1', 0)).resolves.toEqual({ delivered: 3, version: 5 });
    history.push(event(6), event(7));
    feed.onLive(new LiveEvent(event(6)), false);
    feed.onLive(new LiveEvent(event(7)), false);
    await feed.follow('c1', 7);
    // Resume from a version before the whisper: the whisper is skipped again.
    await expect(feed.follow('c1', 2)).resolves.toEqual({ delivered: 2, version: 7 });
    expect(sent).toEqual([1, 2, 5, 7, 5, 7]);
  });

  it('is told which events a visitor may see by the contract', () => {
    expect(isVisibleToVisitor('MessagePosted')).toBe(true);
    expect(isVisibleToVisitor('ConversationRated')).toBe(true);
    expect(isVisibleToVisitor('WhisperPosted')).toBe(false);
    expect(isVisibleToVisitor('VisitorNavigated')).toBe(false);
    expect(isVisibleToVisitor('ChatWindowToggled')).toBe(false);
    expect(isVisibleToVisitor('TranscriptRequested')).toBe(false);
    expect(isVisibleToVisitor('VisitorIdentified')).toBe(false);
  });
});
