import http from "node:http";
import net from "node:net";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAEMON_NAMESPACE } from "../../lib/shared/protocol/daemon";
import { UI_NAMESPACE } from "../../lib/shared/protocol/ui";
import { startTestServer } from "../support/stack";

/**
 * The host and origin checks over real sockets. The server runs without Next.js, so a request the guard lets
 * through gets the fallback 404 (pages, actions, /api/v1 alike): what matters is 421 / 403 or not.
 */
const SETTINGS = { MAKIMA_ALLOWED_HOSTS: "makima.lan", MAKIMA_PUBLIC_URL: "https://makima.example.com" };
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(SETTINGS);
});

afterAll(async () => {
  await server?.close();
  for (const name of Object.keys(SETTINGS)) delete process.env[name];
});

/** A request with any Host header, which fetch() would not send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A WebSocket upgrade written by hand; resolves with the status line of the answer. */
function upgrade(path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
    });
    let answer = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\r\n")) {
        resolve(answer.slice(0, answer.indexOf("\r\n")));
        socket.destroy();
      }
    });
    socket.on("error", reject);
  });
}

/** Connects to a Socket.IO namespace over WebSocket with the given Host; resolves with the connection's outcome. */
function connectNamespace(namespace: string, host: string): Promise<string> {
  const socket = io(server.url + namespace, { transports: ["websocket"], reconnection: false, extraHeaders: { host } });
  return new Promise<string>((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error: Error & { description?: { message?: string } }) =>
      resolve(error.description?.message ?? error.message),
    );
  }).finally(() => socket.close());
}

const EVIL = "evil.example";
const POLLING = "/socket.io/?EIO=4&transport=polling";
const WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

describe("a Host the server does not answer to", () => {
  it.each([
    ["a page", "GET", "/", {}],
    ["a server action", "POST", "/contracts", { "next-action": "7f00", origin: `http://${EVIL}` }],
    ["the HTTP API", "GET", "/api/v1/contracts", { authorization: "Bearer mk_x" }],
    ["the HTTP API, posted", "POST", "/api/v1/contracts", {}],
    ["Socket.IO's polling transport", "GET", POLLING, {}],
  ])("is refused with 421 on %s", async (_, method, path, headers) => {
    const answer = await send(method, path, { host: `${EVIL}:${server.port}`, ...headers });
    expect(answer.status).toBe(421);
    expect(answer.body).toContain("Misdirected Request");
  });

  it("is refused with 421 on a WebSocket upgrade", async () => {
    expect(await upgrade(WEBSOCKET, EVIL)).toBe("HTTP/1.1 421 Misdirected Request");
  });

  it.each([DAEMON_NAMESPACE, UI_NAMESPACE])("keeps a socket from connecting to %s", async (namespace) => {
    expect(await connectNamespace(namespace, `${EVIL}:${server.port}`)).toBe("Unexpected server response: 421");
  });

  it("is refused whatever its port or case", async () => {
    expect((await send("GET", "/", { host: "EVIL.example" })).status).toBe(421);
    expect((await send("GET", "/", { host: "127.0.0.2:80" })).status).toBe(421);
  });
});

describe("an allowed Host", () => {
  it.each([
    ["127.0.0.1", () => `127.0.0.1:${server.port}`],
    ["localhost", () => `localhost:${server.port}`],
    ["[::1]", () => `[::1]:${server.port}`],
    ["MAKIMA_ALLOWED_HOSTS", () => "makima.lan"],
    ["MAKIMA_PUBLIC_URL's host", () => "makima.example.com"],
  ])("gets through: %s", async (_, host) => {
    expect((await send("GET", "/", { host: host() })).status).toBe(404);
    expect((await send("GET", "/api/v1/contracts", { host: host() })).status).toBe(404);
    expect((await send("GET", POLLING, { host: host() })).status).toBe(200);
    expect(await upgrade(WEBSOCKET, host())).toBe("HTTP/1.1 101 Switching Protocols");
  });

  it("gets a socket connected", async () => {
    expect(await connectNamespace(DAEMON_NAMESPACE, "makima.lan")).toBe("connected");
  });

  it("without any Host header is refused with 400", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.write("GET / HTTP/1.0\r\n\r\n"));
      socket.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.split("\r\n")[0]));
      socket.on("error", reject);
    });
    expect(answer).toBe("HTTP/1.1 400 Bad Request");
  });
});

describe("a server action", () => {
  const action = (origin?: string) =>
    send("POST", "/contracts", {
      host: `127.0.0.1:${server.port}`,
      "next-action": "7f00",
      ...(origin ? { origin } : {}),
    });

  it.each([
    ["no Origin", undefined],
    ["a foreign Origin", "http://evil.example"],
    ["Origin: null", "null"],
    ["an allowed host on another port", "http://127.0.0.1:1"],
  ])("with %s is refused with 403", async (_, origin) => {
    const answer = await action(origin);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("Forbidden");
  });

  it("from the server's own pages, or the public URL's, gets through", async () => {
    expect((await action(`http://127.0.0.1:${server.port}`)).status).toBe(404);
    expect((await action(`http://localhost:${server.port}`)).status).toBe(404);
    expect((await action("https://makima.example.com")).status).toBe(404);
  });

  it("posted as a form without JavaScript (no next-action header) needs an Origin too", async () => {
    const form = { host: `127.0.0.1:${server.port}`, "content-type": "application/x-www-form-urlencoded" };
    expect((await send("POST", "/contracts/new", form)).status).toBe(403);
    expect((await send("POST", "/contracts/new", { ...form, origin: `http://127.0.0.1:${server.port}` })).status).toBe(
      404,
    );
  });

  it("is not asked of an API call that carries a key, and is of one that does not (a session's, a cross-site form's)", async () => {
    const host = `127.0.0.1:${server.port}`;
    expect((await send("POST", "/api/v1/contracts", { host, authorization: "Bearer mk_x" })).status).toBe(404);
    expect(
      (
        await send("POST", "/api/v1/contracts", {
          host,
          cookie: "better-auth.session_token=x",
          "content-type": "text/plain",
        })
      ).status,
    ).toBe(403);
    expect((await send("POST", "/api/v1/contracts", { host, cookie: "x=y", origin: `http://${host}` })).status).toBe(
      404,
    );
  });
});
