export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * GETs one of the JSON routes (with the session cookie), which answer `{ [key]: value }` with a 2xx status or
 * `{ error }` with another. Never throws: a network failure, a page that is not JSON or a value of the wrong shape
 * becomes an error to show. The value is checked against its schema (a daemon's answer passes through unchanged).
 */
export async function fetchApi<T>(
  url: string,
  key: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
  } catch (error) {
    return {
      ok: false,
      error: `Could not reach the server: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === "object") {
    const answer = body as Record<string, unknown>;
    if (response.ok && key in answer) {
      const parsed = schema.safeParse(answer[key]);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, error: "The server's answer was not understood." };
    }
    if (typeof answer.error === "string" && answer.error) return { ok: false, error: answer.error };
  }
  return { ok: false, error: `Request failed (HTTP ${response.status}).` };
}
