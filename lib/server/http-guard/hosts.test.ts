import { describe, expect, it } from "vitest";
import { allowedHosts, canonicalHost, hostFromHeader, isLoopbackHost, type Machine } from "./hosts";

const machine: Machine = {
  hostname: "Build-Box",
  interfaces: {
    lo: [
      {
        address: "127.0.0.1",
        netmask: "255.0.0.0",
        family: "IPv4",
        mac: "00:00:00:00:00:00",
        internal: true,
        cidr: "127.0.0.1/8",
      },
      {
        address: "::1",
        netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        family: "IPv6",
        mac: "00:00:00:00:00:00",
        internal: true,
        cidr: "::1/128",
        scopeid: 0,
      },
    ],
    eth0: [
      {
        address: "192.168.1.20",
        netmask: "255.255.255.0",
        family: "IPv4",
        mac: "02:00:00:00:00:01",
        internal: false,
        cidr: "192.168.1.20/24",
      },
      {
        address: "fe80::1",
        netmask: "ffff:ffff:ffff:ffff::",
        family: "IPv6",
        mac: "02:00:00:00:00:01",
        internal: false,
        cidr: "fe80::1/64",
        scopeid: 2,
      },
    ],
  },
};

const config = (host: string, more: { publicUrl?: string; allowedHosts?: string[] } = {}) => ({
  host,
  publicUrl: more.publicUrl,
  allowedHosts: more.allowedHosts ?? [],
});

describe("host names", () => {
  it("puts names in one canonical form", () => {
    expect(canonicalHost("LocalHost")).toBe("localhost");
    expect(canonicalHost("::1")).toBe("[::1]");
    expect(canonicalHost("[0:0:0:0:0:0:0:1]")).toBe("[::1]");
    expect(canonicalHost("bücher.example")).toBe("xn--bcher-kva.example");
  });

  it.each(["", "a b", "host:3000", "user@host", "host/path", "host?x", "[::1", "::1]", "1:2", "host%20"])(
    "refuses %j as a host",
    (text) => expect(canonicalHost(text)).toBeNull(),
  );

  it("takes the host out of a Host header, with or without port", () => {
    expect(hostFromHeader("localhost:3000")).toBe("localhost");
    expect(hostFromHeader("Makima.Example")).toBe("makima.example");
    expect(hostFromHeader("[::1]:3000")).toBe("[::1]");
    expect(hostFromHeader("[::1]")).toBe("[::1]");
    expect(hostFromHeader("127.0.0.1:80")).toBe("127.0.0.1");
  });

  it.each([
    undefined,
    "",
    ":3000",
    "::1",
    "::1:3000",
    "host:port",
    "host:3000:1",
    "host:123456",
    "[::1]3000",
    "evil.example/x",
  ])("finds no host in the header %j", (header) => expect(hostFromHeader(header)).toBeNull());

  it("knows the loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.9.8.7", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "build-box", "128.0.0.1"])
      expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("allowed hosts", () => {
  it("bound to loopback: the loopback names and the bound address only", () => {
    expect(allowedHosts(config("127.0.0.1"), machine)).toEqual(new Set(["localhost", "127.0.0.1", "[::1]"]));
  });

  it("adds the public URL's host and MAKIMA_ALLOWED_HOSTS, canonical", () => {
    const hosts = allowedHosts(
      config("127.0.0.1", { publicUrl: "https://Makima.Example.com:8443", allowedHosts: ["Other.Example", "fd00::5"] }),
      machine,
    );
    expect(hosts).toEqual(
      new Set(["localhost", "127.0.0.1", "[::1]", "makima.example.com", "other.example", "[fd00::5]"]),
    );
  });

  it("bound to a specific address: that address, not the machine's others", () => {
    const hosts = allowedHosts(config("192.168.1.20"), machine);
    expect(hosts.has("192.168.1.20")).toBe(true);
    expect(hosts.has("build-box")).toBe(false);
    expect(hosts.has("[fe80::1]")).toBe(false);
  });

  it.each(["0.0.0.0", "::"])("bound to %s: every interface address and the hostname", (host) => {
    const hosts = allowedHosts(config(host), machine);
    for (const name of ["build-box", "192.168.1.20", "[fe80::1]", "127.0.0.1", "[::1]", "localhost"])
      expect(hosts.has(name)).toBe(true);
    expect(hosts.has("evil.example")).toBe(false);
  });
});
