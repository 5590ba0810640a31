import { describe, expect, it } from '@jest/globals';
import { headers as createHeaders } from '@nats-io/nats-core';
import {
  ConcurrencyError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  SapaError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  errorFromWire,
  type WireError,
} from '@sapa/contracts';
import { z } from 'zod';
import {
  ERROR_CODE_HEADER,
  ERROR_MESSAGE_HEADER,
  MAX_ERROR_MESSAGE_LENGTH,
  decodeWireError,
  encodeWireError,
  toHeaderValue,
  zodIssuesToWire,
} from './rpc-errors.js';

/** Encode, then decode as the caller would after the reply crossed the wire (headers re-parsed). */
function roundTrip(wire: WireError): WireError | undefined {
  const encoded = encodeWireError(wire);
  const received = createHeaders();
  for (const key of encoded.headers.keys()) received.set(key, encoded.headers.get(key));
  return decodeWireError(received, new TextEncoder().encode(encoded.body));
}

describe('wire error encoding', () => {
  it('puts code and message in headers and details in the body', () => {
    const encoded = encodeWireError({
      code: 'conflict',
      message: 'taken',
      details: { by: 'agent-1' },
    });
    expect(encoded.headers.get(ERROR_CODE_HEADER)).toBe('conflict');
    expect(encoded.headers.get(ERROR_MESSAGE_HEADER)).toBe('taken');
    expect(JSON.parse(encoded.body)).toEqual({ details: { by: 'agent-1' } });
  });

  it('sends an empty object when there are no details', () => {
    expect(encodeWireError({ code: 'not_found', message: 'gone' }).body).toBe('{}');
  });

  it.each([
    new ValidationError('bad input', {
      issues: [{ path: 'siteId', message: 'required', code: 'invalid_type' }],
    }),
    new UnauthorizedError('who are you'),
    new ForbiddenError('not yours', 'not_a_participant'),
    new NotFoundError('no such conversation'),
    new ConflictError('already closed', 'conversation_closed', { conversationId: 'c1' }),
    new ConcurrencyError('conversation-c1', 7),
    new RateLimitedError('slow down'),
    new UnavailableError('no chat service'),
    new SapaError('payload_too_large', 'too big', { limit: 65536 }),
    new SapaError('timeout', 'too slow'),
  ])('rebuilds $name ($code) with the same class, code, message and details', (error) => {
    const decoded = roundTrip(error.toWire());
    expect(decoded).toEqual(error.toWire());
    const rebuilt = errorFromWire(decoded as WireError);
    expect(rebuilt).toBeInstanceOf(error.constructor);
    expect(rebuilt.name).toBe(error.name);
    expect(rebuilt.code).toBe(error.code);
    expect(rebuilt.message).toBe(error.message);
    expect(rebuilt.details).toEqual(error.details);
    expect(rebuilt.status).toBe(error.status);
  });

  it('keeps a ConcurrencyError stream and expected version', () => {
    const rebuilt = errorFromWire(
      roundTrip(new ConcurrencyError('conversation-x', 3).toWire()) as WireError,
    );
    expect(rebuilt).toBeInstanceOf(ConcurrencyError);
    expect((rebuilt as ConcurrencyError).stream).toBe('conversation-x');
    expect((rebuilt as ConcurrencyError).expectedVersion).toBe(3);
  });

  it('makes a multi-line message a single header line', () => {
    const decoded = roundTrip({ code: 'internal', message: 'line one\r\nline two\ttabbed' });
    expect(decoded?.message).toBe('line one line two tabbed');
  });

  it('cuts a very long message', () => {
    const decoded = roundTrip({ code: 'not_found', message: 'x'.repeat(5_000) });
    expect(decoded?.message.length).toBe(MAX_ERROR_MESSAGE_LENGTH);
    expect(decoded?.message.endsWith('…')).toBe(true);
  });

  it('keeps non-ASCII text', () => {
    expect(roundTrip({ code: 'not_found', message: 'conversación «ü» 会话' })?.message).toBe(
      'conversación «ü» 会话',
    );
  });

  it('never sends an empty message header', () => {
    expect(
      encodeWireError({ code: 'internal', message: '\n' }).headers.get(ERROR_MESSAGE_HEADER),
    ).toBe('internal');
  });
});

describe('wire error decoding', () => {
  it('says "no error" for a reply without the code header', () => {
    expect(decodeWireError(undefined, '{"ok":true}')).toBeUndefined();
    expect(decodeWireError(createHeaders(), '{"ok":true}')).toBeUndefined();
  });

  it('turns an unknown code into internal instead of a success', () => {
    const received = createHeaders();
    received.set(ERROR_CODE_HEADER, 'teapot');
    received.set(ERROR_MESSAGE_HEADER, 'short and stout');
    expect(decodeWireError(received, '{}')).toEqual({
      code: 'internal',
      message: 'unknown error code teapot: short and stout',
    });
  });

  it.each(['', 'not json', '[1,2]', '{"details":"text"}', '{"details":[1]}', 'null'])(
    'ignores garbled details %p but keeps the error',
    (body) => {
      const received = createHeaders();
      received.set(ERROR_CODE_HEADER, 'not_found');
      expect(decodeWireError(received, body)).toEqual({ code: 'not_found', message: 'not_found' });
    },
  );
});

describe('zod issues on the wire', () => {
  it('joins paths with dots and keeps message and code', () => {
    const schema = z.object({ page: z.object({ url: z.string() }), tags: z.array(z.string()) });
    const result = schema.safeParse({ page: { url: 3 }, tags: ['a', 4] });
    expect(result.success).toBe(false);
    const issues = zodIssuesToWire((result as { error: z.ZodError }).error);
    expect(issues.map((issue) => issue.path)).toEqual(['page.url', 'tags.1']);
    expect(issues.every((issue) => issue.code === 'invalid_type' && issue.message.length > 0)).toBe(
      true,
    );
    expect(JSON.parse(JSON.stringify(issues))).toEqual(issues);
  });
});

describe('header values', () => {
  it('strips control characters and trims', () => {
    expect(toHeaderValue('  a\u0000b\u001fc\u007f  ')).toBe('a b c');
  });
  it('honours a smaller limit', () => {
    expect(toHeaderValue('abcdef', 4)).toBe('abc…');
  });
});
