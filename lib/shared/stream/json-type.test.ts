import { describe, expect, it } from "vitest";
import { jsonTypeOf, parseJsonObject } from "./json-type";

describe("jsonTypeOf", () => {
  it("reads the top-level type of a stream-json line", () => {
    expect(jsonTypeOf('{"type":"assistant","message":{"type":"message"}}')).toBe("assistant");
    expect(jsonTypeOf('  {"subtype":"init","type":"system"}\r')).toBe("system");
  });

  it("is null for non-JSON, non-objects and odd types", () => {
    for (const line of ["", "hello", "{not json}", "null", "[]", '"str"', "42", "true", '[{"type":"x"}]']) {
      expect(jsonTypeOf(line)).toBeNull();
    }
    expect(jsonTypeOf('{"type":42}')).toBeNull();
    expect(jsonTypeOf('{"type":null}')).toBeNull();
    expect(jsonTypeOf('{"no":"type"}')).toBeNull();
    expect(jsonTypeOf(`{"type":"${"x".repeat(101)}"}`)).toBeNull();
  });

  it("handles a truncated JSON line and a huge one", () => {
    expect(
      jsonTypeOf(
        '{"type":"assistant","message":{"content":[{"type":"text","text":"ab … [line truncated: 2097152 bytes]',
      ),
    ).toBeNull();
    const huge = JSON.stringify({ type: "user", blob: "y".repeat(2 * 1024 * 1024) });
    expect(jsonTypeOf(huge)).toBe("user");
  });
});

describe("parseJsonObject", () => {
  it("returns the object or null", () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject("[1]")).toBeNull();
    expect(parseJsonObject("{")).toBeNull();
    expect(parseJsonObject(undefined as unknown as string)).toBeNull();
  });
});
