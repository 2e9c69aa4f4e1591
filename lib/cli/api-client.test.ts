import { describe, expect, it } from "vitest";
import { ApiClient, resolveCliContext } from "./api-client";
import { ApiError, UsageError } from "./errors";

const context = { apiUrl: "http://makima.test:3000", apiKey: "mk_key" };

function client(answer: () => Promise<Response> | Response) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    return answer();
  };
  return { api: new ApiClient(context, fetchImpl), calls };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("ApiClient", () => {
  it("sends the key as a bearer token to /api/v1, with the query and the JSON body", async () => {
    const { api, calls } = client(() => Response.json({ ok: true }));
    expect(await api.get("/tasks/a%2Fb/file", { path: "src/a b.ts", limit: 5 })).toEqual({ ok: true });
    await api.post("/contracts/c/reports", { progress: "half" });
    expect(calls[0].url).toBe("http://makima.test:3000/api/v1/tasks/a%2Fb/file?path=src%2Fa+b.ts&limit=5");
    expect(calls[0].init).toMatchObject({ method: "GET", headers: { authorization: "Bearer mk_key" } });
    expect(calls[1].init).toMatchObject({
      method: "POST",
      body: '{"progress":"half"}',
      headers: { "content-type": "application/json" },
    });
  });

  it("turns the API's { error } into an ApiError with its status and the whole answer", async () => {
    const body = { error: "Merge conflict", merge: { conflicts: ["a.txt"] } };
    const error = await failure(client(() => Response.json(body, { status: 409 })).api.post("/tasks/t/merge", {}));
    expect(error).toMatchObject({ message: "Merge conflict", status: 409, body });
    const bare = await failure(
      client(() => Response.json({}, { status: 500, statusText: "Internal Server Error" })).api.get("/x"),
    );
    expect(bare.message).toBe("HTTP 500 Internal Server Error");
  });

  it("says so when the server cannot be reached or does not answer JSON", async () => {
    const refused = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:3000") });
    const unreachable = await failure(client(() => Promise.reject(refused)).api.get("/x"));
    expect(unreachable).toMatchObject({
      status: null,
      message: "cannot reach the Makima server at http://makima.test:3000: connect ECONNREFUSED 127.0.0.1:3000",
    });
    const html = await failure(client(() => new Response("<html>404</html>", { status: 404 })).api.get("/nope"));
    expect(html.message).toBe(
      "GET http://makima.test:3000/api/v1/nope answered HTTP 404 without JSON: is http://makima.test:3000 a Makima server?",
    );
  });
});

describe("resolveCliContext", () => {
  const env = {
    MAKIMA_API_URL: "http://server:3000/",
    MAKIMA_API_KEY: "mk_env",
    MAKIMA_CONTRACT_ID: "c-env",
    MAKIMA_TASK_ID: "t-env",
  };

  it("takes flags over environment variables, and defaults the URL", () => {
    expect(resolveCliContext({}, env, true)).toEqual({
      apiUrl: "http://server:3000",
      apiKey: "mk_env",
      contractId: "c-env",
      taskId: "t-env",
    });
    expect(
      resolveCliContext({ "api-url": "https://other", "api-key": "mk_flag", contract: "c-flag" }, env, true),
    ).toMatchObject({
      apiUrl: "https://other",
      apiKey: "mk_flag",
      contractId: "c-flag",
    });
    expect(resolveCliContext({}, { MAKIMA_API_KEY: "k", MAKIMA_API_URL: "" }, false)).toEqual({
      apiUrl: "http://127.0.0.1:3000",
      apiKey: "k",
      contractId: null,
      taskId: null,
    });
  });

  it("refuses a missing key, a missing contract where one is needed, and a URL that is not http", () => {
    expect(() => resolveCliContext({}, { MAKIMA_API_KEY: " " }, false)).toThrow(UsageError);
    expect(() => resolveCliContext({}, { MAKIMA_API_KEY: "k" }, true)).toThrow(/a contract is required/);
    expect(() => resolveCliContext({ "api-url": "server:3000" }, { MAKIMA_API_KEY: "k" }, false)).toThrow(
      /must be an http/,
    );
  });
});
