import { Id, ValidationError } from '@sapa/contracts';

/** Longest stream name accepted (the limit of StoredEventSchema.stream). */
export const MAX_STREAM_LENGTH = 140;

/**
 * A stream is `<category>-<id>`. Both parts become NATS subject tokens (see `eventSubject`),
 * so they are limited to subject-safe characters; the category holds no '-' because the first
 * '-' is what separates it from the id.
 */
const STREAM_PATTERN = /^[A-Za-z0-9_]+-[A-Za-z0-9_-]+$/;
const CATEGORY_PATTERN = /^[A-Za-z0-9_]+$/;

/** Throws ValidationError unless `stream` is a well-formed `<category>-<id>` name. */
export function checkStream(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new ValidationError('stream must be a non-empty string', { field: 'stream' });
  }
  if (stream.length > MAX_STREAM_LENGTH || !STREAM_PATTERN.test(stream)) {
    throw new ValidationError(
      `stream must look like <category>-<id> (at most ${MAX_STREAM_LENGTH} characters)`,
      {
        field: 'stream',
      },
    );
  }
}

/** Throws ValidationError unless `category` is a stream category (e.g. `conversation`). */
export function checkCategory(category: unknown): asserts category is string {
  if (
    typeof category !== 'string' ||
    !CATEGORY_PATTERN.test(category) ||
    category.length >= MAX_STREAM_LENGTH
  ) {
    throw new ValidationError('category must be letters, digits or "_"', { field: 'category' });
  }
}

/** Throws ValidationError unless `siteId` is an Id. */
export function checkSiteId(siteId: unknown): asserts siteId is string {
  if (!Id.safeParse(siteId).success)
    throw new ValidationError('siteId must be an id', { field: 'siteId' });
}

/** Throws ValidationError unless `value` is an integer ≥ `min` (versions, limits, sizes). */
export function checkInteger(field: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ValidationError(`${field} must be an integer >= ${min}`, { field });
  }
}

/** Throws ValidationError unless `events` is a non-empty list of `{ type, data, metadata }`. */
export function checkNewEvents(events: unknown): void {
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('append needs at least one event', { field: 'events' });
  }
  events.forEach((event: unknown, index) => {
    const field = `events.${index}`;
    if (event === null || typeof event !== 'object') {
      throw new ValidationError('an event must be an object', { field });
    }
    const { type, metadata } = event as { type?: unknown; metadata?: unknown };
    if (typeof type !== 'string' || type.length === 0 || type.length > 64) {
      throw new ValidationError('an event type must be a string of 1 to 64 characters', {
        field: `${field}.type`,
      });
    }
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new ValidationError('event metadata must be an object', { field: `${field}.metadata` });
    }
  });
}
