import { ConcurrencyError, UnavailableError, type StoredEvent } from '@sapa/contracts';
import {
  MongoBulkWriteError,
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type WriteError,
} from 'mongodb';

/** MongoDB's duplicate-key code; FerretDB 1.x returns the same code (on PostgreSQL and SQLite). */
export const DUPLICATE_KEY = 11000;

/**
 * An append whose first events were stored before a later one hit a version another writer had
 * already taken. This happens only when that writer read this append's first events while it
 * was still inserting them (MongoDB makes each document visible on its own) and appended on
 * top of them. The stored events are kept — deleting them would leave a gap under the other
 * writer's events — and listed in `stored`; the rest of the call was not stored.
 *
 * It is a ConcurrencyError, so callers that reload and decide again on a lost race do the
 * right thing: the reloaded stream contains `stored`, and the decision is made on top of it.
 * `stored` is not published by the store; the outbox relay publishes it like any other event.
 */
export class PartialAppendError extends ConcurrencyError {
  constructor(
    stream: string,
    expectedVersion: number,
    readonly stored: readonly StoredEvent[],
  ) {
    super(stream, expectedVersion);
    this.message = `stream ${stream} moved on after ${stored.length} event(s) of this append were stored`;
  }
}

/** True when a write failed on a unique index (any of the driver's error shapes). */
export function isDuplicateKeyError(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    return firstWriteError(error)?.code === DUPLICATE_KEY || error.code === DUPLICATE_KEY;
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

function firstWriteError(error: MongoBulkWriteError): { code: number; index: number } | undefined {
  // `writeErrors` is typed OneOrMore: an array from most paths, a single WriteError from some.
  const { writeErrors } = error;
  const list: readonly WriteError[] = isList(writeErrors) ? writeErrors : [writeErrors];
  let first: { code: number; index: number } | undefined;
  for (const writeError of list) {
    if (first === undefined || writeError.index < first.index)
      first = { code: writeError.code, index: writeError.index };
  }
  return first;
}

/**
 * Socket errors the driver sometimes lets through unwrapped: seen with FerretDB killed
 * mid-request, where a write to the dead socket rejected with a bare EPIPE.
 */
const SOCKET_ERROR_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// Not `instanceof Error`: socket errors can come from another realm (jest's VM modules).
function isSocketError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return typeof error.code === 'string' && SOCKET_ERROR_CODES.has(error.code);
}

/** True for errors that mean "the database cannot be reached right now". */
export function isUnavailableError(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    isSocketError(error)
  );
}

/**
 * A connectivity failure becomes UnavailableError (503 on the wire, so callers can retry
 * later) with the driver error kept as `cause`; anything else is returned as it is.
 */
export function toStoreError(operation: string, error: unknown): unknown {
  return isUnavailableError(error)
    ? new UnavailableError(`event store unavailable during ${operation}`, { cause: error })
    : error;
}

/** Runs a store operation, translating its failure with `toStoreError`. */
export async function storeOperation<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStoreError(operation, error);
  }
}

/** The ConcurrencyError for a lost race, or the PartialAppendError when some events were kept. */
export function concurrencyError(
  stream: string,
  expectedVersion: number,
  stored: readonly StoredEvent[],
): ConcurrencyError {
  return stored.length === 0
    ? new ConcurrencyError(stream, expectedVersion)
    : new PartialAppendError(stream, expectedVersion, stored);
}

// Array.isArray narrows a ReadonlyArray union to any[]; this keeps the element type.
function isList<T>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}
