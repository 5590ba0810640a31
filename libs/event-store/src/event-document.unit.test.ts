import { describe, expect, it } from '@jest/globals';
import { StoredEventSchema, type StoredEvent } from '@sapa/contracts';
import { fromEventDocument, toEventDocument, withoutUndefined } from './event-document.js';

const event: StoredEvent = {
  id: 'e1',
  stream: 'conversation-c1',
  version: 3,
  siteId: 's1',
  type: 'MessagePosted',
  data: {
    messageId: 'm1',
    clientMessageId: 'cm1',
    author: { kind: 'visitor', id: 'v1' },
    text: 'hello',
  },
  metadata: { actor: { kind: 'visitor', id: 'v1' }, correlationId: 'corr', traceparent: 'tp' },
  time: '2025-01-02T03:04:05.678Z',
};

describe('toEventDocument', () => {
  it('maps id to _id, the ISO time to a Date, and starts unpublished', () => {
    const document = toEventDocument(event);
    expect(document).toEqual({
      _id: 'e1',
      stream: 'conversation-c1',
      version: 3,
      siteId: 's1',
      type: 'MessagePosted',
      data: event.data,
      metadata: event.metadata,
      time: new Date('2025-01-02T03:04:05.678Z'),
      published: false,
    });
    expect(document.time).toBeInstanceOf(Date);
  });

  it('drops undefined values in data and metadata, so reading back never meets a null', () => {
    const document = toEventDocument({
      ...event,
      data: { conversationId: 'c1', page: undefined, nested: { a: undefined, b: 1 } },
      metadata: { correlationId: undefined, causationId: 'x' },
    });
    expect(document.data).toStrictEqual({ conversationId: 'c1', nested: { b: 1 } });
    expect(document.metadata).toStrictEqual({ causationId: 'x' });
  });

  it('does not share objects with the caller', () => {
    const document = toEventDocument(event);
    expect(document.data).not.toBe(event.data);
    expect(document.metadata).not.toBe(event.metadata);
  });
});

describe('fromEventDocument', () => {
  it('round-trips a stored event exactly, and the result passes the StoredEvent schema', () => {
    const back = fromEventDocument(toEventDocument(event));
    expect(back).toStrictEqual(event);
    expect(StoredEventSchema.safeParse(back).success).toBe(true);
  });

  it('leaves the outbox flag out of the event', () => {
    const back = fromEventDocument({ ...toEventDocument(event), published: true });
    expect(back).not.toHaveProperty('published');
    expect(back).not.toHaveProperty('_id');
  });
});

describe('withoutUndefined', () => {
  it('turns undefined array items into null, as JSON does', () => {
    expect(withoutUndefined([1, undefined, { a: undefined }])).toStrictEqual([1, null, {}]);
  });

  it('passes scalars, null and Dates through untouched', () => {
    const date = new Date(0);
    expect(withoutUndefined(null)).toBeNull();
    expect(withoutUndefined('x')).toBe('x');
    expect(withoutUndefined(date)).toBe(date);
    expect(withoutUndefined({ at: date })).toStrictEqual({ at: date });
  });
});
