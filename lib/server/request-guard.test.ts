import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, createRequestGuard, guardRequests, type GuardConfig } from "./request-guard";

const machine = { hostname: "build-box", interfaces: {} };
const loopback: GuardConfig = { host: "127.0.0.1", publicUrl: undefined, allowedHosts: [], trustedProxies: [] };

function request(method: string, url: string, headers: Record<string, string>, peer = "127.0.0.1"): IncomingMessage {
  return {
    method,
    url,
    headers: { ...headers },
    rawHeaders: Object.entries(headers).flat(),
    socket: { remoteAddress: peer },
  } as unknown as IncomingMessage;
}

describe("the request guard", () => {
  const guard = createRequestGuard(loopback, () => 3000, machine);

  it("lets a request to an allowed host through, rewriting its forwarded headers", () => {
    const req = request("GET", "/", { host: "localhost:3000", "x-forwarded-for": "6.6.6.6" });
    expect(guard.inspect(req)).toBeNull();
    expect(req.headers).toEqual({ host: "localhost:3000", [CLIENT_IP_HEADER]: "127.0.0.1" });
  });

  it("refuses a foreign Host with 421 before anything else is looked at", () => {
    const req = request("GET", "/", { host: "evil.example:3000", "x-forwarded-for": "6.6.6.6" });
    expect(guard.inspect(req)).toMatchObject({ status: 421 });
    expect(req.headers[CLIENT_IP_HEADER]).toBeUndefined();
  });

  it.each<Record<string, string>>([{}, { host: "" }, { host: "a b" }])(
    "refuses a missing or malformed Host with 400: %j",
    (headers) => {
      expect(guard.inspect(request("GET", "/", headers))).toMatchObject({ status: 400 });
    },
  );

  it("refuses an absolute request target with 400", () => {
    expect(guard.inspect(request("GET", "http://evil.example/", { host: "localhost:3000" }))).toMatchObject({
      status: 400,
    });
  });

  it.each([
    undefined,
    "null",
    "http://evil.example",
    "http://localhost:3001",
    "http://localhost:3000/",
    "HTTP://LOCALHOST:3000",
  ])("refuses a server action with Origin %j with 403", (origin) => {
    const headers: Record<string, string> = { host: "localhost:3000", "next-action": "7f00" };
    if (origin !== undefined) headers.origin = origin;
    expect(guard.inspect(request("POST", "/contracts", headers))).toMatchObject({ status: 403 });
  });

  it.each(["http://localhost:3000", "https://127.0.0.1:3000", "http://[::1]:3000"])(
    "lets a server action from %s through",
    (origin) => {
      expect(
        guard.inspect(request("POST", "/contracts", { host: "localhost:3000", "next-action": "7f00", origin })),
      ).toBeNull();
    },
  );

  it("lets an API call with a key through without an Origin, but not one with only the session cookie", () => {
    expect(
      guard.inspect(request("POST", "/api/v1/contracts", { host: "localhost:3000", authorization: "Bearer mk_x" })),
    ).toBeNull();
    expect(
      guard.inspect(
        request("POST", "/api/v1/contracts", { host: "localhost:3000", cookie: "better-auth.session_token=x" }),
      ),
    ).toMatchObject({
      status: 403,
    });
  });

  it("lists its origins, for better-auth's trusted origins", () => {
    expect(guard.allowedOrigins()).toContain("http://127.0.0.1:3000");
    expect(guard.isAllowedHost("[::1]:3000")).toBe(true);
    expect(guard.isAllowedHost("build-box:3000")).toBe(false);
  });

  it("takes the port as it is when the origins are checked (port 0 is known only once listening)", () => {
    let port = 0;
    const late = createRequestGuard(loopback, () => port, machine);
    port = 4321;
    expect(late.isAllowedOrigin("http://localhost:4321")).toBe(true);
  });

  it("allows the public URL's host, and its origin with its own port", () => {
    const behindProxy = createRequestGuard(
      { ...loopback, publicUrl: "https://makima.example.com" },
      () => 3000,
      machine,
    );
    expect(behindProxy.isAllowedHost("makima.example.com")).toBe(true);
    expect(behindProxy.isAllowedOrigin("https://makima.example.com")).toBe(true);
    expect(behindProxy.isAllowedOrigin("https://makima.example.com:3000")).toBe(true);
    expect(behindProxy.isAllowedOrigin("https://makima.example.com:8443")).toBe(false);
  });

  it("believes a trusted proxy's X-Forwarded-For", () => {
    const behindProxy = createRequestGuard({ ...loopback, trustedProxies: ["10.0.0.0/8"] }, () => 3000, machine);
    const req = request("GET", "/", { host: "localhost", "x-forwarded-for": "198.51.100.4" }, "10.1.1.1");
    expect(behindProxy.inspect(req)).toBeNull();
    expect(req.headers[CLIENT_IP_HEADER]).toBe("198.51.100.4");
  });
});

describe("guardRequests", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A server guarded first and given its listeners only afterwards, as engine.io and Next.js do. */
  async function guardedServer() {
    server = http.createServer();
    guardRequests(server, loopback, machine);
    const seen: { event: string; headers: http.IncomingHttpHeaders }[] = [];
    server.on("request", (req, res) => {
      seen.push({ event: "request", headers: req.headers });
      res.end("handled");
    });
    server.on("upgrade", (req, socket) => {
      seen.push({ event: "upgrade", headers: req.headers });
      socket.end("HTTP/1.1 418 I'm a teapot\r\nConnection: close\r\n\r\n");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, seen };
  }

  const get = (port: number, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, headers, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("upgrade", (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });

  it("refuses a foreign Host before listeners added later see the request", async () => {
    const { port, seen } = await guardedServer();
    expect(await get(port, { host: "evil.example" })).toBe(421);
    expect(await get(port, { host: "evil.example", connection: "Upgrade", upgrade: "websocket" })).toBe(421);
    expect(seen).toEqual([]);
  });

  it("hands the listeners a request whose forwarded headers are rewritten", async () => {
    const { port, seen } = await guardedServer();
    const sent = { host: `localhost:${port}`, "x-forwarded-for": "6.6.6.6", [CLIENT_IP_HEADER]: "6.6.6.6" };
    expect(await get(port, sent)).toBe(200);
    expect(await get(port, { ...sent, connection: "Upgrade", upgrade: "websocket" })).toBe(418);
    expect(seen.map((call) => call.event)).toEqual(["request", "upgrade"]);
    for (const { headers } of seen) {
      expect(headers["x-forwarded-for"]).toBeUndefined();
      expect(headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");
    }
  });
});
