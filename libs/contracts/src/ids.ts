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

export const conversationStream = (conversationId: string): string =>
  `conversation-${conversationId}`;
export const visitorStream = (visitorId: string): string => `visitor-${visitorId}`;
export const offlineMessageStream = (offlineMessageId: string): string =>
  `offline-${offlineMessageId}`;
