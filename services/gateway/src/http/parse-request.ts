import type { Request } from 'express';
import { ValidationError } from '@sapa/contracts';
import type { z } from 'zod';

/**
 * Parses a request part (body, query, path parameters) with its contracts schema, or fails with
 * a `validation_failed` error listing each issue's path and message (the error handler answers
 * 400). Every REST route checks its input here, once, where it enters from the internet.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message = 'invalid request',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(message, {
      issues: result.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    });
  }
  return result.data;
}

/**
 * A body sent either wrapped (`{ <key>: {...} }`, the documented form) or bare (`{...}`), as the
 * settings and duty PUTs accept both.
 */
export function wrappedBody(req: Request, key: string): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  return body?.[key] ?? body;
}
