import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "../../lib/server/auth/auth";
import { createTestUser, TEST_PASSWORD } from "../support/auth";
import { startTestServer } from "../support/stack";

// Behind a TLS proxy: the public URL is https, so the session cookie must be Secure.
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ MAKIMA_PUBLIC_URL: "https://makima.example.com" });
});
afterAll(async () => {
  delete process.env.MAKIMA_PUBLIC_URL;
  await server.close();
});

describe("the session cookie", () => {
  it("is httpOnly, SameSite=Lax and Secure (with the __Secure- prefix) when the public URL is https", async () => {
    const { email } = await createTestUser("viewer");
    const response = await (
      await getAuth()
    ).handler(
      new Request("https://makima.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://makima.example.com",
          "x-makima-client-ip": "192.0.2.1",
        },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const session = response.headers.getSetCookie().find((cookie) => cookie.includes("session_token="));
    expect(session).toMatch(/^__Secure-better-auth\.session_token=[^;]+;/);
    const attributes = session!.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
    expect(attributes.find((part) => part.startsWith("max-age="))).toBe(`max-age=${7 * 24 * 3600}`);
  });
});
