import { describe, expect, it } from "vitest";
import { parseJsonObject } from "../../lib/shared/stream/json-type";
import { usageLimitOf } from "./usage-limit";

const of = (value: object) => usageLimitOf(parseJsonObject(JSON.stringify(value)));
const event = (info: object) => ({ type: "rate_limit_event", rate_limit_info: info, uuid: "u", session_id: "s" });

describe("usageLimitOf", () => {
  it("reads a rejected rate_limit_event: when it lifts (Unix seconds) and which limit", () => {
    expect(of(event({ status: "rejected", resetsAt: 1_796_000_000, rateLimitType: "five_hour" }))).toEqual({
      resetsAt: new Date(1_796_000_000_000),
      limitType: "five_hour",
    });
  });

  it("takes a rejection without a reset time", () => {
    expect(of(event({ status: "rejected" }))).toEqual({ resetsAt: null, limitType: null });
  });

  it("reads an assistant reply flagged rate_limit", () => {
    expect(of({ type: "assistant", error: "rate_limit", message: { content: [] } })).toEqual({
      resetsAt: null,
      limitType: null,
    });
  });

  it("reads the older text of claude's reply and result, with the reset time after the bar", () => {
    const text = "Claude AI usage limit reached|1796000000";
    const reset = { resetsAt: new Date(1_796_000_000_000), limitType: null };
    expect(of({ type: "result", subtype: "success", is_error: true, result: text })).toEqual(reset);
    expect(of({ type: "assistant", message: { content: [{ type: "text", text }] } })).toEqual(reset);
  });

  it.each([
    ["an allowed event", event({ status: "allowed", resetsAt: 1 })],
    ["a warning", event({ status: "allowed_warning", resetsAt: 1_796_000_000, utilization: 0.9 })],
    ["an event without its info", { type: "rate_limit_event" }],
    ["a reset time that is not a number", event({ status: "rejected", resetsAt: "soon" })],
    ["another assistant error", { type: "assistant", error: "overloaded" }],
    ["a plain assistant reply", { type: "assistant", message: { content: [{ type: "text", text: "rate_limit" }] } }],
    ["a result", { type: "result", subtype: "success", result: "rate_limit" }],
    ["the older text without its time", { type: "result", result: "Claude AI usage limit reached" }],
    [
      "the older text quoted in a tool result",
      { type: "user", message: { content: "Claude AI usage limit reached|1796000000" } },
    ],
  ])("is null for %s", (_name, value) => expect(of(value)).toBeNull());

  it("is null for a line that is not JSON", () => expect(usageLimitOf(null)).toBeNull());
});
