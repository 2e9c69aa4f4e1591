/** A route handler of `app/api/v1`, as Next.js calls it. */
export type ApiRoute<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export interface RouteCall {
  /** The API key, sent as a bearer token; null sends none. */
  key: string | null;
  method?: string;
  /** JSON-encoded unless already a string (to send a body that is not JSON). */
  body?: unknown;
  /** The query string, "?…". */
  query?: string;
}

/** Calls a route handler the way Next.js does; resolves with the answer's status and its JSON body (a text body as text). */
export async function callRoute<P>(route: ApiRoute<P>, params: P, call: RouteCall) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  const request = new Request(`http://makima.test/api/v1/x${call.query ?? ""}`, {
    method: call.method ?? "GET",
    headers,
    body: call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body),
  });
  const response = await route(request, { params: Promise.resolve(params) });
  const json = /^application\/json\b/.test(response.headers.get("content-type") ?? "");
  return { status: response.status, body: json ? await response.json() : await response.text() };
}
