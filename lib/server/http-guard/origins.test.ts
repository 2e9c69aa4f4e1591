import { describe, expect, it } from "vitest";
import { allowedOrigins, requiresOrigin } from "./origins";

describe("allowed origins", () => {
  it("allows http and https on the server's port for every host, and the public URL's origin as it is", () => {
    const origins = allowedOrigins(["localhost", "[::1]"], 3000, "https://makima.example.com");
    expect(origins).toEqual(
      new Set([
        "http://localhost:3000",
        "https://localhost:3000",
        "http://[::1]:3000",
        "https://[::1]:3000",
        "https://makima.example.com",
      ]),
    );
  });

  it("writes default ports the way browsers send them: left out", () => {
    expect(allowedOrigins(["makima.lan"], 80, undefined)).toEqual(
      new Set(["http://makima.lan", "https://makima.lan:80"]),
    );
    expect(allowedOrigins(["makima.lan"], 443, undefined)).toEqual(
      new Set(["http://makima.lan:443", "https://makima.lan"]),
    );
  });
});

describe("which requests need an Origin", () => {
  const request = (method: string, url: string, headers: Record<string, string> = {}) =>
    requiresOrigin({ method, url, headers });

  it.each(["GET", "HEAD", "OPTIONS"])("not a %s", (method) =>
    expect(request(method, "/contracts", { "next-action": "abc" })).toBe(false),
  );

  it.each([
    ["POST", "/contracts/1"],
    ["POST", "/"],
    ["PUT", "/api/notifications"],
    ["DELETE", "/api/logins"],
    ["POST", "/api/auth/sign-in/email"],
    ["POST", "/api/v1"],
    ["PATCH", "/api/v1/../settings"],
    ["POST", "/api/v1/%2e%2e/settings"],
  ])("a %s to %s", (method, url) => expect(request(method, url)).toBe(true));

  it.each([
    ["POST", "/api/v1/contracts", { authorization: "Bearer mk_x" }],
    ["DELETE", "/api/v1/tasks/1", { "x-api-key": "mk_x" }],
    ["POST", "/socket.io/?EIO=4&transport=polling&sid=x", {}],
  ])("not a %s to %s with an API key (no browser can send one cross-site)", (method, url, headers) =>
    expect(request(method, url, headers)).toBe(false),
  );

  it.each([
    ["POST", "/api/v1/contracts/c1/tasks", { cookie: "better-auth.session_token=x" }],
    ["POST", "/api/v1/contracts/c1/complete", {}],
    ["POST", "/api/v1/contracts", { authorization: "Basic eDp5" }],
  ])("a %s to %s without an API key (a session's call, perhaps a cross-site form's)", (method, url, headers) =>
    expect(request(method, url, headers)).toBe(true),
  );

  it("a server action wherever it is posted", () => {
    expect(request("POST", "/api/v1/contracts", { "next-action": "7f00" })).toBe(true);
  });
});
