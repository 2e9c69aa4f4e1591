import { describe, expect, it } from "vitest";
import { exposureWarning } from "./exposure-warning";

describe("the start-up warning", () => {
  it.each(["0.0.0.0", "::", "192.168.1.20", "build-box"])("is given bound to %s without a public URL", (host) => {
    const warning = exposureWarning({ host, publicUrl: undefined });
    expect(warning).toContain(`listening on ${host} without MAKIMA_PUBLIC_URL`);
    expect(warning).toContain("without TLS");
    expect(warning).toContain("TLS reverse proxy");
  });

  it.each(["127.0.0.1", "127.0.0.2", "::1", "localhost"])("is not given bound to %s", (host) => {
    expect(exposureWarning({ host, publicUrl: undefined })).toBeNull();
  });

  it("is not given with a public URL", () => {
    expect(exposureWarning({ host: "0.0.0.0", publicUrl: "https://makima.example.com" })).toBeNull();
  });
});
