import { describe, expect, it } from "vitest";
import { IpRanges, normalizeIp, parseIpRange } from "./ip-ranges";

describe("IP ranges", () => {
  it("parses addresses and CIDR ranges of both families", () => {
    expect(parseIpRange("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseIpRange(" 192.168.1.5 ")).toEqual({ address: "192.168.1.5", prefix: 32, family: "ipv4" });
    expect(parseIpRange("FD00::/8")).toEqual({ address: "fd00::", prefix: 8, family: "ipv6" });
    expect(parseIpRange("::1")).toEqual({ address: "::1", prefix: 128, family: "ipv6" });
  });

  it.each([
    "",
    "proxy.example",
    "10.0.0.0/33",
    "fd00::/129",
    "10.0.0.0/",
    "10.0.0.0/8/8",
    "10.0.0.0/-1",
    "10.0.0/8",
    "fe80::1%eth0",
  ])("refuses %j", (text) => expect(parseIpRange(text)).toBeNull());

  it("matches addresses inside a range and nothing outside it", () => {
    const ranges = new IpRanges(["10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1", "172.16.0.0/12"]);
    expect(ranges.has("10.255.1.2")).toBe(true);
    expect(ranges.has("11.0.0.1")).toBe(false);
    expect(ranges.has("192.168.1.5")).toBe(true);
    expect(ranges.has("192.168.1.6")).toBe(false);
    expect(ranges.has("172.31.255.255")).toBe(true);
    expect(ranges.has("172.32.0.0")).toBe(false);
    expect(ranges.has("fd12:3456::1")).toBe(true);
    expect(ranges.has("fe80::1")).toBe(false);
    expect(ranges.has("::1")).toBe(true);
    expect(ranges.has("::2")).toBe(false);
  });

  it("matches an IPv4 client seen through a dual-stack socket", () => {
    expect(new IpRanges(["10.0.0.0/8"]).has("::ffff:10.1.2.3")).toBe(true);
    expect(new IpRanges(["10.0.0.0/8"]).has("::FFFF:11.1.2.3")).toBe(false);
  });

  it("matches nothing that is not an address, and nothing when empty", () => {
    expect(new IpRanges(["0.0.0.0/0"]).has("not-an-ip")).toBe(false);
    expect(new IpRanges(["0.0.0.0/0"]).has("")).toBe(false);
    expect(new IpRanges([]).has("127.0.0.1")).toBe(false);
  });

  it("refuses to build from an entry that is not a range", () => {
    expect(() => new IpRanges(["10.0.0.0/8", "proxy.example"])).toThrow("proxy.example");
  });

  it("normalises mapped IPv4, zones and case", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeIp("FE80::1%eth0")).toBe("fe80::1");
    expect(normalizeIp("10.0.0.1")).toBe("10.0.0.1");
  });
});
