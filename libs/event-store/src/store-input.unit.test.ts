import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@sapa/contracts';
import {
  MAX_STREAM_LENGTH,
  checkCategory,
  checkInteger,
  checkNewEvents,
  checkSiteId,
  checkStream,
} from './store-input.js';

describe('checkStream', () => {
  it.each(['conversation-abc', 'visitor-a_b-c', 'x-1', `c-${'a'.repeat(MAX_STREAM_LENGTH - 2)}`])(
    'accepts %s',
    (stream) => {
      expect(() => checkStream(stream)).not.toThrow();
    },
  );

  it.each([
    ['empty', ''],
    ['no category separator', 'conversation'],
    ['empty id', 'conversation-'],
    ['empty category', '-abc'],
    ['a dot (NATS token separator)', 'conversation-a.b'],
    ['a wildcard', 'conversation-*'],
    ['a space', 'conversation-a b'],
    ['too long', `c-${'a'.repeat(MAX_STREAM_LENGTH - 1)}`],
    ['a number', 42],
    ['an object', { $gt: '' }],
  ])('refuses %s', (_label, stream) => {
    expect(() => checkStream(stream)).toThrow(ValidationError);
  });
});

describe('checkCategory', () => {
  it('accepts a plain category', () => {
    expect(() => checkCategory('conversation')).not.toThrow();
  });
  it.each(['', 'conv-ersation', 'a.b', 'a*', 7])('refuses %p', (category) => {
    expect(() => checkCategory(category)).toThrow(ValidationError);
  });
});

describe('checkSiteId', () => {
  it('accepts an Id and refuses anything else', () => {
    expect(() => checkSiteId('site_1')).not.toThrow();
    expect(() => checkSiteId('')).toThrow(ValidationError);
    expect(() => checkSiteId('a.b')).toThrow(ValidationError);
    expect(() => checkSiteId({})).toThrow(ValidationError);
  });
});

describe('checkInteger', () => {
  it('accepts integers at or above the minimum', () => {
    expect(() => checkInteger('expectedVersion', 0, 0)).not.toThrow();
    expect(() => checkInteger('limit', 5, 1)).not.toThrow();
  });
  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1', null])(
    'refuses %p',
    (value) => {
      expect(() => checkInteger('expectedVersion', value, 0)).toThrow(ValidationError);
    },
  );
  it('names the field', () => {
    expect(() => checkInteger('limit', 0, 1)).toThrow(
      expect.objectContaining({ details: { field: 'limit' } }),
    );
  });
});

describe('checkNewEvents', () => {
  const ok = { type: 'ConversationClosed', data: {}, metadata: {} };
  it('accepts a non-empty list of events', () => {
    expect(() => checkNewEvents([ok, ok])).not.toThrow();
  });
  it.each([
    ['an empty list', []],
    ['not a list', ok],
    ['a null event', [null]],
    ['an empty type', [{ ...ok, type: '' }]],
    ['a type that is not a string', [{ ...ok, type: 1 }]],
    ['a missing metadata', [{ type: 'X', data: {} }]],
    ['an array as metadata', [{ ...ok, metadata: [] }]],
  ])('refuses %s', (_label, events) => {
    expect(() => checkNewEvents(events)).toThrow(ValidationError);
  });
});
