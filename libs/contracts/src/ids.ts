import { z } from 'zod';
import { ID_MAX } from './limits.js';

/**
 * Ids appear in NATS subjects and Mongo keys, so they are restricted to characters that
 * are safe in both: letters, digits, '_' and '-'. A string is required: an object or a
 * number where an id belongs is refused at the edge.
 */
export const Id = z
  .string()
  .min(1)
  .max(ID_MAX)
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "_" and "-"');
export type Id = z.infer<typeof Id>;

/** A client-chosen id (message or request id) used for idempotency. */
export const ClientId = z
  .string()
  .min(1)
  .max(ID_MAX)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and "_.:-"');

/** A stream version: 0 means "no events yet". */
export const Version = z.number().int().min(0);

/** New random id, subject-safe (a UUID without dashes is 32 hex characters). */
export const newId = (): string => crypto.randomUUID().replaceAll('-', '');

/** The category of a stream id (`conversation-abc` → `conversation`); also a NATS subject token. */
export const StreamCategory = z.enum(['conversation', 'visitor', 'offline', 'ticket']);
export type StreamCategory = z.infer<typeof StreamCategory>;

/** A stream name read back: `conversation-abc` → `{ category: 'conversation', id: 'abc' }`. */
export interface StreamName {
  readonly category: string;
  readonly id: string;
}

/**
 * Splits a stream name at its first dash (ids never hold one: `newId` strips them). A name
 * without a dash is all category, with an empty id.
 */
export function parseStream(stream: string): StreamName {
  const dash = stream.indexOf('-');
  if (dash < 0) return { category: stream, id: '' };
  return { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}

/** The id of a stream of `category`; undefined when the stream belongs to another category. */
export function streamIdOf(category: StreamCategory, stream: string): string | undefined {
  const parsed = parseStream(stream);
  return parsed.category === category ? parsed.id : undefined;
}

export const conversationStream = (conversationId: string): string =>
  `conversation-${conversationId}`;
export const visitorStream = (visitorId: string): string => `visitor-${visitorId}`;
export const offlineMessageStream = (offlineMessageId: string): string =>
  `offline-${offlineMessageId}`;
