/**
 * One error type for everything the app answers on purpose. `status` is the HTTP
 * status the error handler sends; `code` is a stable machine-readable name.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what, 404);
export const badRequest = (message: string, details?: unknown) => new AppError("BAD_REQUEST", message, 400, details);
