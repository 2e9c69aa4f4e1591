import "server-only";
import net from "node:net";

export interface IpRange {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/**
 * The form a peer's address is compared in: an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack
 * socket reports for an IPv4 client) becomes plain IPv4, a zone (`fe80::1%eth0`) is dropped, letters are lower-case.
 */
export function normalizeIp(address: string): string {
  const plain = address.toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  return mapped ? mapped[1] : plain;
}

/** `10.0.0.0/8`, `fd00::/8` or a single address (`192.168.1.5`, `::1`); null when it is neither. */
export function parseIpRange(text: string): IpRange | null {
  const [address, prefixText, ...rest] = text.trim().toLowerCase().split("/");
  const version = net.isIP(address);
  if (!version || address.includes("%") || rest.length) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A set of addresses and CIDR ranges, IPv4 and IPv6 (node's BlockList does the bit matching). */
export class IpRanges {
  private readonly list = new net.BlockList();
  readonly size: number;

  /** Throws on an entry that is not an address or range: configuration is validated before it gets here. */
  constructor(ranges: readonly string[]) {
    for (const text of ranges) {
      const range = parseIpRange(text);
      if (!range) throw new Error(`Not an IP address or CIDR range: ${text}`);
      this.list.addSubnet(range.address, range.prefix, range.family);
    }
    this.size = ranges.length;
  }

  has(address: string): boolean {
    const ip = normalizeIp(address);
    const version = net.isIP(ip);
    return version !== 0 && this.list.check(ip, version === 4 ? "ipv4" : "ipv6");
  }
}
