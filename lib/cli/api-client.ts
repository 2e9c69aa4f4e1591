import { ApiError, UsageError } from "./errors";

/** Where the CLI's API commands send their requests, and in whose name. */
export interface CliContext {
  /** The server's base URL, without `/api/v1`. */
  apiUrl: string;
  apiKey: string;
  /** The contract the command acts on, when it acts on one. */
  contractId: string | null;
  /** The calling task (a supervisor), as the daemon tells its claude. */
  taskId: string | null;
}

/** Environment variables: process.env, or a plain object in tests. */
export type Env = Record<string, string | undefined>;

export const DEFAULT_API_URL = "http://127.0.0.1:3000";

/** An empty variable counts as unset, as for every other MAKIMA_* setting. */
function setting(flag: string | undefined, variable: string | undefined): string | null {
  const value = flag ?? variable;
  return value && value.trim() ? value.trim() : null;
}

/** Flags win over MAKIMA_API_URL, MAKIMA_API_KEY and MAKIMA_CONTRACT_ID; a missing key or contract is a usage error. */
export function resolveCliContext(
  flags: { "api-url"?: string; "api-key"?: string; contract?: string },
  env: Env,
  needsContract: boolean,
): CliContext {
  const apiUrl = setting(flags["api-url"], env.MAKIMA_API_URL) ?? DEFAULT_API_URL;
  if (!/^https?:\/\/[^/]/i.test(apiUrl))
    throw new UsageError(`the API URL must be an http:// or https:// URL (got "${apiUrl}")`);
  const apiKey = setting(flags["api-key"], env.MAKIMA_API_KEY);
  if (!apiKey) {
    throw new UsageError(
      "an API key is required: set MAKIMA_API_KEY or pass --api-key (make a cli key on the Settings page)",
    );
  }
  const contractId = setting(flags.contract, env.MAKIMA_CONTRACT_ID);
  if (needsContract && !contractId)
    throw new UsageError("a contract is required: set MAKIMA_CONTRACT_ID or pass --contract <id>");
  return { apiUrl: apiUrl.replace(/\/+$/, ""), apiKey, contractId, taskId: setting(undefined, env.MAKIMA_TASK_ID) };
}

type Fetch = typeof fetch;

/** JSON over HTTP to `<apiUrl>/api/v1`, with the key as a bearer token. */
export class ApiClient {
  constructor(
    private readonly context: Pick<CliContext, "apiUrl" | "apiKey">,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  get<T>(path: string, query: Record<string, string | number> = {}): Promise<T> {
    const search = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    );
    return this.request<T>("GET", search.size > 0 ? `${path}?${search}` : path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.context.apiUrl}/api/v1${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.context.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(`cannot reach the Makima server at ${this.context.apiUrl}: ${networkReason(error)}`, null);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (json === undefined) {
      // An HTML error page, say: the URL is not a Makima server, or not one with this endpoint.
      throw new ApiError(
        `${method} ${url} answered HTTP ${response.status} without JSON: is ${this.context.apiUrl} a Makima server?`,
        null,
      );
    }
    if (!response.ok) {
      const error = typeof json === "object" && json !== null ? (json as { error?: unknown }).error : undefined;
      const message =
        typeof error === "string" && error ? error : `HTTP ${response.status} ${response.statusText}`.trim();
      throw new ApiError(message, response.status, json);
    }
    return json as T;
  }
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND …) is in its cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  if (cause instanceof AggregateError && cause.errors.length > 0) return String(cause.errors[0]?.message ?? cause);
  return error instanceof Error ? error.message : String(error);
}
