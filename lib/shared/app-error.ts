/**
 * An error a person can act on: a code callers map to an HTTP status or a form message, and a
 * message that is safe to show. Anything else thrown by business functions is an internal error.
 */
export type AppErrorCode = "unauthorized" | "forbidden" | "not_found" | "invalid" | "conflict" | "unavailable";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 422,
  conflict: 409,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
