/**
 * Sapa's error hierarchy. Every error that crosses a process boundary (NATS reply,
 * WebSocket frame, HTTP response) carries one of these codes; the catalog with meanings
 * lives in docs/errors.md. Errors are rebuilt on the receiving side with `errorFromWire`.
 */

/** Every error code Sapa sends on the wire, with its HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  concurrency_conflict: 409,
  conversation_closed: 409,
  not_a_participant: 403,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);

/** Base class: a machine-readable code, an HTTP status and optional structured details. */
export class SapaError extends Error {
  override readonly name: string = 'SapaError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = ERROR_STATUS[code];
  }

  /** The shape sent over NATS and WebSockets. */
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export class ValidationError extends SapaError {
  override readonly name = 'ValidationError';
  constructor(message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super('validation_failed', message, details, options);
  }
}

export class UnauthorizedError extends SapaError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'authentication required') {
    super('unauthorized', message);
  }
}

export class ForbiddenError extends SapaError {
  override readonly name = 'ForbiddenError';
  constructor(message: string, code: 'forbidden' | 'not_a_participant' = 'forbidden') {
    super(code, message);
  }
}

export class NotFoundError extends SapaError {
  override readonly name = 'NotFoundError';
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ConflictError extends SapaError {
  override readonly name: string = 'ConflictError';
  constructor(
    message: string,
    code: 'conflict' | 'conversation_closed' | 'concurrency_conflict' = 'conflict',
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}

/** Two writers raced on the same stream version; the loser may reload and retry. */
export class ConcurrencyError extends ConflictError {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly stream: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${stream} is no longer at version ${expectedVersion}`, 'concurrency_conflict', {
      stream,
      expectedVersion,
    });
  }
}

export class RateLimitedError extends SapaError {
  override readonly name = 'RateLimitedError';
  constructor(message = 'too many requests, slow down') {
    super('rate_limited', message);
  }
}

export class UnavailableError extends SapaError {
  override readonly name = 'UnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, undefined, options);
  }
}

/** Rebuilds a typed error from its wire form (the caller's side of a NATS reply). */
export function errorFromWire(wire: WireError): SapaError {
  const { code, message, details } = wire;
  switch (code) {
    case 'validation_failed':
      return new ValidationError(message, details);
    case 'unauthorized':
      return new UnauthorizedError(message);
    case 'forbidden':
    case 'not_a_participant':
      return new ForbiddenError(message, code);
    case 'not_found':
      return new NotFoundError(message);
    case 'concurrency_conflict': {
      const stream = details?.['stream'];
      return new ConcurrencyError(
        typeof stream === 'string' ? stream : '',
        Number(details?.['expectedVersion'] ?? -1),
      );
    }
    case 'conflict':
    case 'conversation_closed':
      return new ConflictError(message, code, details);
    case 'rate_limited':
      return new RateLimitedError(message);
    case 'unavailable':
      return new UnavailableError(message);
    case 'payload_too_large':
    case 'internal':
    case 'timeout':
      return new SapaError(code, message, details);
    default: {
      const unknownCode: never = code;
      return new SapaError('internal', `unknown error code ${String(unknownCode)}: ${message}`);
    }
  }
}

/** Turns anything thrown into a SapaError; unknown errors become `internal` and keep their cause. */
export function toSapaError(error: unknown): SapaError {
  if (error instanceof SapaError) return error;
  return new SapaError('internal', 'internal error', undefined, { cause: error });
}
