import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LOGIN_LIMITS, SubmitLoginCodeInput } from "./notification";

function codeErrors(code: string): string[] | undefined {
  const result = SubmitLoginCodeInput.safeParse({ loginId: "l1", code });
  expect(result.success).toBe(false);
  return z.flattenError(result.error!).fieldErrors.code;
}

describe("SubmitLoginCodeInput", () => {
  it("lets the code field take what AuthCode reads before removing whitespace: 10,000 characters", () => {
    expect(LOGIN_LIMITS.code).toBe(10_000);
    const padded = `abc${" ".repeat(LOGIN_LIMITS.code! - 3)}`;
    expect(SubmitLoginCodeInput.parse({ loginId: "l1", code: padded }).code).toBe("abc");
    expect(codeErrors(`${padded} `)).toEqual(["That is far too long for a login code"]);
  });
});
