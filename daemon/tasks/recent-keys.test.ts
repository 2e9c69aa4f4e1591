import { describe, expect, it } from "vitest";
import { RecentKeys } from "./recent-keys";

describe("RecentKeys", () => {
  it("forgets the key added longest ago once full; adding a key again makes it recent", () => {
    const keys = new RecentKeys(2);
    keys.add("a");
    keys.add("b");
    keys.add("a");
    keys.add("c");
    expect(["a", "b", "c"].map((key) => keys.has(key))).toEqual([true, false, true]);
  });
});
