import { headers as createHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { isErrorCode, type WireError } from '@sapa/contracts';
import type { z } from 'zod';

/**
 * Wire format of an RPC error reply (see docs/bus.md):
 *   header `sapa-error-code`     one of the ErrorCode values
 *   header `sapa-error-message`  human-readable message (single line, at most 512 characters)
 *   body                         `{"details": {...}}` or `{}`
 * Putting the code in a header lets a caller tell an error from a response without parsing the
 * body, the way nats.js services do with `Nats-Service-Error-Code`.
 */
export const ERROR_CODE_HEADER = 'sapa-error-code';
export const ERROR_MESSAGE_HEADER = 'sapa-error-message';

/** NATS header values cannot hold CR/LF and should stay small; longer messages are cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 512;

/** Makes a string safe as a NATS header value: no control characters, bounded length. */
export function toHeaderValue(text: string, maxLength = MAX_ERROR_MESSAGE_LENGTH): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const singleLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return singleLine.length <= maxLength ? singleLine : `${singleLine.slice(0, maxLength - 1)}…`;
}

/** An error reply ready to send: headers plus JSON body. */
export interface EncodedError {
  readonly headers: MsgHdrs;
  readonly body: string;
}

/** Encodes a wire error as reply headers and body. */
export function encodeWireError(wire: WireError): EncodedError {
  const headers = createHeaders();
  headers.set(ERROR_CODE_HEADER, wire.code);
  headers.set(ERROR_MESSAGE_HEADER, toHeaderValue(wire.message) || wire.code);
  return {
    headers,
    body: JSON.stringify(wire.details === undefined ? {} : { details: wire.details }),
  };
}

/**
 * Decodes an error reply. Returns undefined when the message is not an error reply (no
 * `sapa-error-code` header). An unknown code or a garbled body still yields an error (code
 * `internal`) rather than being mistaken for a successful response.
 */
export function decodeWireError(
  headers: MsgHdrs | undefined,
  body: Uint8Array | string,
): WireError | undefined {
  const rawCode = headers?.get(ERROR_CODE_HEADER);
  if (!rawCode) return undefined;
  const message = headers?.get(ERROR_MESSAGE_HEADER) || rawCode;
  if (!isErrorCode(rawCode)) {
    return { code: 'internal', message: `unknown error code ${rawCode}: ${message}` };
  }
  const details = parseDetails(body);
  return details === undefined ? { code: rawCode, message } : { code: rawCode, message, details };
}

function parseDetails(body: Uint8Array | string): Record<string, unknown> | undefined {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (text.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) return undefined;
    const details = parsed['details'];
    return isRecord(details) ? details : undefined;
  } catch {
    // The code and message already say what went wrong; garbled details are not worth failing over.
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One zod issue as sent in `details.issues`: where, what and which check. */
export interface WireIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

/** Zod issues in a JSON-safe form, paths joined with '.' (e.g. `page.url`). */
export function zodIssuesToWire(error: z.ZodError): WireIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}
