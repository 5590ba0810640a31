/** A refused request, with the wire error's code (`unavailable` when the server cannot be reached). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
    /** The wire error's details (e.g. `{issues: [{path, message}]}` for validation_failed). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}
