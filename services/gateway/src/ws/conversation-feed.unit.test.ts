import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { LiveEvent } from '../fanout-hub.js';
import { ConversationFeed } from './conversation-feed.js';

const event = (version: number, conversationId = 'c1'): StoredEvent =>
  ({
    id: `e${conversationId}${version}`,
    stream: `conversation-${conversationId}`,
    version,
    siteId: 's1',
    type: 'MessagePosted',
    data: { text: `m${version}` },
    metadata: {},
    time: '2026-11-22T00:00:00.000Z',
  }) as StoredEvent;

/** A feed over an in-memory history (the storage port), recording what the socket was sent. */
function feedOver(history: StoredEvent[]) {
  const sent: number[] = [];
  const reads: number[] = [];
  const feed = new ConversationFeed(
    (text) => {
      sent.push((JSON.parse(text) as { event: { version: number } }).event.version);
      return true;
    },
    (conversationId, after) => {
      reads.push(after);
      return Promise.resolve(
        history.filter(
          (each) => each.stream === `conversation-${conversationId}` && each.version > after,
        ),
      );
    },
    createLogger('test', 'silent'),
  );
  const settle = () => feed.follow('c1', -1).catch(() => undefined);
  return { feed, sent, reads, settle };
}

describe('ConversationFeed', () => {
  it('sends the catch-up after the client’s version, then live events once each', async () => {
    const history = [1, 2, 3].map((version) => event(version));
    const { feed, sent } = feedOver(history);
    await expect(feed.follow('c1', 1)).resolves.toEqual({ delivered: 2, version: 3 });
    feed.onLive(new LiveEvent(event(3)), false);
    history.push(event(4));
    feed.onLive(new LiveEvent(event(4)), false);
    feed.onLive(new LiveEvent(event(4)), false);
    await feed.follow('c1', 4);
    expect(sent).toEqual([2, 3, 4]);
  });

  it('fills a gap from storage before sending a later live event', async () => {
    const history = [1, 2, 3, 4].map((version) => event(version));
    const { feed, sent, reads } = feedOver(history);
    await feed.follow('c1', 1);
    expect(sent).toEqual([2, 3, 4]);
    history.push(event(5), event(6));
    // 6 arrives before 5 (two chat replicas published concurrently).
    feed.onLive(new LiveEvent(event(6)), false);
    feed.onLive(new LiveEvent(event(5)), false);
    await feed.follow('c1', 6);
    expect(sent).toEqual([2, 3, 4, 5, 6]);
    expect(reads).toEqual([1, 4, 6]);
  });

  it('ignores conversations it does not follow unless told to auto-follow', async () => {
    const { feed, sent } = feedOver([event(1, 'other')]);
    feed.onLive(new LiveEvent(event(1, 'other')), false);
    expect(feed.isFollowing('other')).toBe(false);
    feed.onLive(new LiveEvent(event(1, 'other')), true);
    await feed.follow('other', 1);
    expect(sent).toEqual([1]);
  });
});
