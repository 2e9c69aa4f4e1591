import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "../../lib/server/auth/auth";
import { CLIENT_IP_HEADER } from "../../lib/server/request-guard";
import { createTestUser, TEST_PASSWORD } from "../support/auth";
import { startTestServer } from "../support/stack";

let server: Awaited<ReturnType<typeof startTestServer>>;
let email: string;

beforeAll(async () => {
  server = await startTestServer();
  email = (await createTestUser("member")).email;
});
afterAll(() => server.close());

/** A sign-in as better-auth's route receives it behind the request guard, which sets the client's address. */
async function signInFrom(address: string, password: string, extra: Record<string, string> = {}, as = email) {
  const auth = await getAuth();
  const response = await auth.handler(
    new Request(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, [CLIENT_IP_HEADER]: address, ...extra },
      body: JSON.stringify({ email: as, password }),
    }),
  );
  return { status: response.status, retryAfter: response.headers.get("x-retry-after"), body: await response.text() };
}

describe("the sign-in limit (counted in the database)", () => {
  it("answers 5 attempts a minute from one address, refuses the sixth with when to retry, and counts each address apart", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signInFrom("192.0.2.10", `wrong password ${attempt}`)).status, `attempt ${attempt}`).toBe(401);
    }
    const sixth = await signInFrom("192.0.2.10", TEST_PASSWORD);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0);
    expect(Number(sixth.retryAfter)).toBeLessThanOrEqual(60);

    // Another address is counted on its own; a forwarded header the guard did not set changes nothing.
    expect((await signInFrom("192.0.2.11", TEST_PASSWORD, { "x-forwarded-for": "192.0.2.10" })).status).toBe(200);
    expect((await signInFrom("192.0.2.10", TEST_PASSWORD, { "x-forwarded-for": "192.0.2.99" })).status).toBe(429);
  });

  it("sets an httpOnly, SameSite=Lax session cookie, not Secure on plain http", async () => {
    const auth = await getAuth();
    const response = await auth.handler(
      new Request(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, [CLIENT_IP_HEADER]: "192.0.2.30" },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      }),
    );
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("better-auth.session_token="));
    const attributes = session!.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
    expect(attributes).not.toContain("secure");
  });

  it("gives an unknown email and a wrong password the same answer", async () => {
    const wrongPassword = await signInFrom("192.0.2.20", "not the password");
    const unknownEmail = await signInFrom("192.0.2.21", "not the password", {}, "nobody@makima.test");
    expect(unknownEmail).toMatchObject({ status: 401, body: wrongPassword.body });
    expect(JSON.parse(wrongPassword.body)).toEqual({
      message: "Invalid email or password",
      code: "INVALID_EMAIL_OR_PASSWORD",
    });
  });
});
