import { describe, expect, it } from "vitest";
import { parseJsonObject } from "../../lib/shared/stream/json-type";
import { apiFailureOf, apiRetryNotice, apiRetryOf } from "./api-trouble";

const parse = (value: object) => parseJsonObject(JSON.stringify(value));
const retry = {
  type: "system",
  subtype: "api_retry",
  attempt: 2,
  max_retries: 10,
  retry_delay_ms: 4200,
  error_status: 529,
  error: "overloaded",
  uuid: "u",
  session_id: "s",
};

describe("apiRetryOf", () => {
  it("reads claude's api_retry message and says it as a notice", () => {
    const read = apiRetryOf(parse(retry));
    expect(read).toEqual({ attempt: 2, maxRetries: 10, delayMs: 4200, status: 529, error: "overloaded" });
    expect(apiRetryNotice(read!)).toBe("Claude's API request failed (529, overloaded): retry 2 of 10 in 4 s");
  });

  it("says a connection error without a status", () => {
    const read = apiRetryOf(parse({ ...retry, error_status: null, error: "unknown", retry_delay_ms: 100 }));
    expect(apiRetryNotice(read!)).toBe("Claude's API request failed: retry 2 of 10 in 1 s");
  });

  it.each([
    ["another system message", { type: "system", subtype: "status", status: "compacting" }],
    ["a retry without its counters", { type: "system", subtype: "api_retry" }],
    ["not JSON", null],
  ])("is null for %s", (_name, value) => expect(apiRetryOf(value && parse(value))).toBeNull());
});

describe("apiFailureOf", () => {
  it.each([
    [{ type: "assistant", error: "overloaded", message: { content: [] } }, "overloaded"],
    [{ type: "assistant", error: "server_error", message: { content: [] } }, "server_error"],
    [{ type: "result", is_error: true, result: "API Error: 529 Overloaded" }, "API Error: 529 Overloaded"],
  ])("reads a transient failure: %j", (value, expected) => expect(apiFailureOf(parse(value))).toBe(expected));

  it.each([
    ["a usage limit", { type: "assistant", error: "rate_limit" }],
    ["a lost login", { type: "assistant", error: "authentication_failed" }],
    ["a bad request", { type: "result", result: "API Error: 400 invalid_request" }],
    ["a plain reply", { type: "assistant", message: { content: [{ type: "text", text: "API Error: 529" }] } }],
  ])("is null for %s", (_name, value) => expect(apiFailureOf(parse(value))).toBeNull());
});
