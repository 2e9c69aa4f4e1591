import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format";

describe("formatDateTime", () => {
  it("prints the local date and time, zero-padded", () => {
    expect(formatDateTime(new Date(2026, 10, 4, 3, 5, 9))).toBe("2026-11-04 03:05:09");
    expect(formatDateTime(new Date(2026, 10, 24, 13, 5, 9).toISOString())).toBe("2026-11-24 13:05:09");
  });

  it("shows a dash when there is no date", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
  });
});
