/**
 * The one error type services throw for the client's mistakes. Routes turn it into
 * HTTP `status` with body `{error: {code, message, field?}}`; anything else becomes a 500
 * `internal_error` without details (the stack goes to the server log only).
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
