import { describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  UnavailableError,
  errorFromWire,
  type StoredEvent,
} from '@sapa/contracts';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import {
  DUPLICATE_KEY,
  PartialAppendError,
  concurrencyError,
  isDuplicateKeyError,
  isUnavailableError,
  storeOperation,
} from './store-errors.js';

const stored = [{ id: 'e2', stream: 'conversation-c', version: 2 }] as StoredEvent[];

describe('concurrencyError', () => {
  it('is a plain ConcurrencyError when nothing of the append was stored', () => {
    const error = concurrencyError('conversation-c', 1, []);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).not.toBeInstanceOf(PartialAppendError);
  });

  it('is a PartialAppendError, still a ConcurrencyError on the wire, when some events were kept', () => {
    const error = concurrencyError('conversation-c', 1, stored);
    expect(error).toBeInstanceOf(PartialAppendError);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as PartialAppendError).stored).toBe(stored);
    expect(error.code).toBe('concurrency_conflict');
    expect(error.message).toMatch(/1 event\(s\) of this append were stored/);
    // Callers across NATS see the ConcurrencyError they already handle.
    expect(errorFromWire(error.toWire())).toBeInstanceOf(ConcurrencyError);
  });
});

describe('isDuplicateKeyError', () => {
  it('recognises the duplicate-key code and nothing else', () => {
    expect(
      isDuplicateKeyError(new MongoServerError({ message: 'E11000', code: DUPLICATE_KEY })),
    ).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ message: 'other', code: 2 }))).toBe(false);
    expect(isDuplicateKeyError(Object.assign(new Error('E11000'), { code: DUPLICATE_KEY }))).toBe(
      false,
    );
  });
});

describe('isUnavailableError and storeOperation', () => {
  it('treats driver network errors and bare socket errors as unavailable', () => {
    expect(isUnavailableError(new MongoNetworkError('connection closed'))).toBe(true);
    expect(isUnavailableError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(
      true,
    );
    expect(
      isUnavailableError(new MongoServerError({ message: 'E11000', code: DUPLICATE_KEY })),
    ).toBe(false);
    expect(isUnavailableError(new Error('boom'))).toBe(false);
  });

  it('wraps an unavailable failure in UnavailableError with the cause, and passes others through', async () => {
    const network = new MongoNetworkError('connection closed');
    const wrapped = storeOperation('append', () => Promise.reject(network));
    await expect(wrapped).rejects.toBeInstanceOf(UnavailableError);
    await expect(wrapped).rejects.toMatchObject({ code: 'unavailable', cause: network });

    const other = new Error('boom');
    await expect(storeOperation('append', () => Promise.reject(other))).rejects.toBe(other);
    await expect(storeOperation('append', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
