/** A mistake in how a command was called (unknown flag, missing argument, no API key): exit 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A request that did not give the answer asked for: the API's `{ error }` with its HTTP status, or (status null)
 * a server that could not be reached or did not answer JSON. `body` keeps the whole answer (a merge conflict
 * lists its files there).
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
