import { describe, expect, it } from "vitest";
import { resolveServerConfig } from "./config";

const resolve = (env: Record<string, string>) => resolveServerConfig({}, env, {});

describe("the server's host and proxy settings", () => {
  it("default to no public URL, no extra hosts and no trusted proxy", () => {
    expect(resolve({})).toMatchObject({ publicUrl: undefined, allowedHosts: [], trustedProxies: [] });
  });

  it("keep the public URL as its origin", () => {
    expect(resolve({ MAKIMA_PUBLIC_URL: "https://makima.example.com" }).publicUrl).toBe("https://makima.example.com");
    expect(resolve({ MAKIMA_PUBLIC_URL: "HTTPS://Makima.Example.com:443/" }).publicUrl).toBe(
      "https://makima.example.com",
    );
    expect(resolve({ MAKIMA_PUBLIC_URL: "https://makima.example.com:8443" }).publicUrl).toBe(
      "https://makima.example.com:8443",
    );
  });

  it.each([
    ["makima.example.com", /publicUrl: must be an http:\/\/ or https:\/\/ URL/],
    ["ftp://makima.example.com", /publicUrl: must be an http:\/\/ or https:\/\/ URL/],
    ["https://makima.example.com/makima", /publicUrl: must be a scheme, host and port only/],
    ["https://makima.example.com/?x=1", /publicUrl: must be a scheme, host and port only/],
    ["https://user:pw@makima.example.com", /publicUrl: must be a scheme, host and port only/],
  ])("refuse the public URL %j", (url, message) => {
    expect(() => resolve({ MAKIMA_PUBLIC_URL: url })).toThrow(message);
  });

  it("split the lists on commas, ignoring spaces and empty items; empty counts as unset", () => {
    const config = resolve({
      MAKIMA_ALLOWED_HOSTS: " makima.lan, ,::1,[fd00::1]",
      MAKIMA_TRUSTED_PROXIES: "10.0.0.0/8 , 192.168.1.1,fd00::/8",
    });
    expect(config.allowedHosts).toEqual(["makima.lan", "[::1]", "[fd00::1]"]);
    expect(config.trustedProxies).toEqual(["10.0.0.0/8", "192.168.1.1", "fd00::/8"]);
    expect(
      resolveServerConfig({}, { MAKIMA_ALLOWED_HOSTS: "" }, { server: { allowed_hosts: ["from.file"] } }).allowedHosts,
    ).toEqual(["from.file"]);
  });

  it.each([
    [
      { MAKIMA_ALLOWED_HOSTS: "makima.lan:3000" },
      /allowedHosts\.0: must be a host name or IP address without port: makima\.lan:3000/,
    ],
    [{ MAKIMA_ALLOWED_HOSTS: "ok.lan,http://makima.lan" }, /allowedHosts\.1: /],
    [{ MAKIMA_TRUSTED_PROXIES: "proxy.lan" }, /trustedProxies\.0: must be an IP address or CIDR range: proxy\.lan/],
    [{ MAKIMA_TRUSTED_PROXIES: "10.0.0.0/33" }, /trustedProxies\.0: /],
  ])("refuse %j", (env, message) => {
    expect(() => resolve(env)).toThrow(message);
  });
});
