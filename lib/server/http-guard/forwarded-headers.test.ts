import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, rewriteForwardedHeaders } from "./forwarded-headers";
import { IpRanges } from "./ip-ranges";

/** What node's parser makes of a request from `peer`: raw header pairs, and `headers` with lower-case names. */
function request(peer: string | undefined, raw: string[]): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    headers[name] = headers[name] ? `${headers[name]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return { socket: { remoteAddress: peer }, headers, rawHeaders: raw } as unknown as IncomingMessage;
}

const FORWARDING = [
  "X-Forwarded-For",
  "6.6.6.6",
  "X-Forwarded-Host",
  "makima.example.com",
  "X-Forwarded-Proto",
  "https",
  "Forwarded",
  "for=6.6.6.6",
  "X-Makima-Client-IP",
  "6.6.6.6",
];

describe("forwarded headers", () => {
  it("are removed from an untrusted peer, which becomes the client address", () => {
    const req = request("203.0.113.7", ["Host", "localhost:3000", ...FORWARDING, "Accept", "text/html"]);
    rewriteForwardedHeaders(req, new IpRanges(["10.0.0.0/8"]));
    expect(req.headers).toEqual({ host: "localhost:3000", accept: "text/html", [CLIENT_IP_HEADER]: "203.0.113.7" });
    expect(req.rawHeaders).toEqual(["Host", "localhost:3000", "Accept", "text/html", CLIENT_IP_HEADER, "203.0.113.7"]);
  });

  it("are removed when no proxy is trusted, and a dual-stack peer's address is given as IPv4", () => {
    const req = request("::ffff:127.0.0.1", ["Host", "localhost", ...FORWARDING]);
    rewriteForwardedHeaders(req, new IpRanges([]));
    expect(req.headers).toEqual({ host: "localhost", [CLIENT_IP_HEADER]: "127.0.0.1" });
  });

  it("are kept from a trusted proxy, whose X-Forwarded-For names the client (never a sent client-ip header)", () => {
    const req = request("10.0.0.2", ["Host", "localhost", ...FORWARDING]);
    rewriteForwardedHeaders(req, new IpRanges(["10.0.0.0/8"]));
    expect(req.headers).toMatchObject({
      "x-forwarded-host": "makima.example.com",
      "x-forwarded-proto": "https",
      forwarded: "for=6.6.6.6",
    });
    expect(req.headers[CLIENT_IP_HEADER]).toBe("6.6.6.6");
    expect(req.rawHeaders.filter((name) => name.toLowerCase() === CLIENT_IP_HEADER)).toHaveLength(1);
  });

  it("take the right-most X-Forwarded-For hop that is not a trusted proxy, over several headers", () => {
    const req = request("10.0.0.2", ["X-Forwarded-For", "1.1.1.1, 2.2.2.2", "X-Forwarded-For", "3.3.3.3, 10.0.0.9"]);
    rewriteForwardedHeaders(req, new IpRanges(["10.0.0.0/8"]));
    expect(req.headers[CLIENT_IP_HEADER]).toBe("3.3.3.3");
  });

  it("give the left-most hop when every hop is a trusted proxy, and the peer without X-Forwarded-For", () => {
    const chain = request("10.0.0.2", ["X-Forwarded-For", "10.0.0.7, 10.0.0.8"]);
    rewriteForwardedHeaders(chain, new IpRanges(["10.0.0.0/8"]));
    expect(chain.headers[CLIENT_IP_HEADER]).toBe("10.0.0.7");
    const direct = request("10.0.0.2", []);
    rewriteForwardedHeaders(direct, new IpRanges(["10.0.0.0/8"]));
    expect(direct.headers[CLIENT_IP_HEADER]).toBe("10.0.0.2");
  });

  it("give the proxy itself when the hop it names is not an address", () => {
    const req = request("10.0.0.2", ["X-Forwarded-For", "1.1.1.1, unknown"]);
    rewriteForwardedHeaders(req, new IpRanges(["10.0.0.0/8"]));
    expect(req.headers[CLIENT_IP_HEADER]).toBe("10.0.0.2");
  });

  it("set no client address for a closed socket, but still remove a sent one", () => {
    const req = request(undefined, ["X-Makima-Client-IP", "6.6.6.6", "X-Forwarded-For", "6.6.6.6"]);
    rewriteForwardedHeaders(req, new IpRanges(["0.0.0.0/0"]));
    expect(req.headers).toEqual({});
    expect(req.rawHeaders).toEqual([]);
  });
});
