import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runDaemonCommand } from "../lib/cli/daemon-command";
import { tempDir } from "../test/support/git";
import { BUBBLEWRAP_NOT_FOUND, BubblewrapNotFoundError, resolveDaemonConfig } from "./config";

const binDir = tempDir("makima-bin-");
const fakeBwrap = path.join(binDir, "bwrap");
fs.writeFileSync(fakeBwrap, "#!/bin/sh\n", { mode: 0o755 });
const emptyDir = tempDir("makima-empty-");
afterAll(() => {
  fs.rmSync(binDir, { recursive: true, force: true });
  fs.rmSync(emptyDir, { recursive: true, force: true });
});

const flags = { apiKey: "key" };
const withPath = (env: Record<string, string> = {}) => ({ PATH: `${emptyDir}:${binDir}`, ...env });

describe("resolveDaemonConfig: bubblewrap", () => {
  it("is off by default, with no extra binds and nothing hidden", () => {
    expect(resolveDaemonConfig(flags, { PATH: emptyDir }).bubblewrap).toEqual({
      enabled: false,
      readOnlyBinds: [],
      readWriteBinds: [],
      hiddenPaths: [],
    });
  });

  it.each(["1", "true", "TRUE", " true "])(
    "MAKIMA_DAEMON_BUBBLEWRAP=%j turns it on and finds bwrap on PATH",
    (value) => {
      const { bubblewrap } = resolveDaemonConfig(flags, withPath({ MAKIMA_DAEMON_BUBBLEWRAP: value }));
      expect(bubblewrap).toMatchObject({ enabled: true, bwrapPath: fakeBwrap });
    },
  );

  it.each(["0", "false", ""])("MAKIMA_DAEMON_BUBBLEWRAP=%j leaves it off", (value) => {
    expect(resolveDaemonConfig(flags, { PATH: emptyDir, MAKIMA_DAEMON_BUBBLEWRAP: value }).bubblewrap.enabled).toBe(
      false,
    );
  });

  it("rejects any other value", () => {
    expect(() => resolveDaemonConfig(flags, withPath({ MAKIMA_DAEMON_BUBBLEWRAP: "yes" }))).toThrow(
      "Invalid daemon configuration: bubblewrap.enabled: must be 1, true, 0 or false",
    );
  });

  it("--bubblewrap wins over the environment", () => {
    const config = resolveDaemonConfig({ ...flags, bubblewrap: true }, withPath({ MAKIMA_DAEMON_BUBBLEWRAP: "0" }));
    expect(config.bubblewrap.enabled).toBe(true);
  });

  it("reads the extra binds and the hidden folders as colon-separated paths, made absolute", () => {
    const { bubblewrap } = resolveDaemonConfig(flags, {
      PATH: emptyDir,
      MAKIMA_BUBBLEWRAP_RO_BINDS: "/opt/tools::/usr/share/dict/",
      MAKIMA_BUBBLEWRAP_RW_BINDS: "~/.cache/pip:relative/dir",
      MAKIMA_BUBBLEWRAP_HIDE: "data:/srv/makima/data",
    });
    expect(bubblewrap.readOnlyBinds).toEqual(["/opt/tools", "/usr/share/dict"]);
    expect(bubblewrap.readWriteBinds).toEqual([path.join(os.homedir(), ".cache/pip"), path.resolve("relative/dir")]);
    expect(bubblewrap.hiddenPaths).toEqual([path.resolve("data"), "/srv/makima/data"]);
  });

  it("refuses to start when bwrap is not on PATH", () => {
    const resolve = () => resolveDaemonConfig({ ...flags, bubblewrap: true }, { PATH: emptyDir });
    expect(resolve).toThrow(BubblewrapNotFoundError);
    expect(resolve).toThrow(BUBBLEWRAP_NOT_FOUND);
    expect(BUBBLEWRAP_NOT_FOUND).toBe(
      "Bubblewrap (bwrap) not found. Install bubblewrap or disable the --bubblewrap flag.",
    );
  });

  it("takes a bwrapPath override instead of PATH, and checks it too", () => {
    expect(
      resolveDaemonConfig({ ...flags, bubblewrap: true, bwrapPath: fakeBwrap }, { PATH: emptyDir }).bubblewrap
        .bwrapPath,
    ).toBe(fakeBwrap);
    expect(() =>
      resolveDaemonConfig({ ...flags, bubblewrap: true, bwrapPath: path.join(emptyDir, "bwrap") }, withPath()),
    ).toThrow(BUBBLEWRAP_NOT_FOUND);
  });

  it("does not look for bwrap when the sandbox is off", () => {
    expect(resolveDaemonConfig(flags, { PATH: "" }).bubblewrap.bwrapPath).toBeUndefined();
  });
});

describe("resolveDaemonConfig: idle timeout", () => {
  const idleTimeout = (env: Record<string, string>, file = {}) =>
    resolveDaemonConfig(flags, { PATH: emptyDir, ...env }, file).idleTimeoutMs;

  it("is 20 minutes by default", () => {
    expect(idleTimeout({})).toBe(20 * 60_000);
  });

  it("reads MAKIMA_IDLE_TIMEOUT_MS over the file's process.idle_timeout_ms; 0 turns the watchdog off", () => {
    expect(idleTimeout({}, { process: { idle_timeout_ms: 60_000 } })).toBe(60_000);
    expect(idleTimeout({ MAKIMA_IDLE_TIMEOUT_MS: "400" }, { process: { idle_timeout_ms: 60_000 } })).toBe(400);
    expect(idleTimeout({ MAKIMA_IDLE_TIMEOUT_MS: "0" })).toBe(0);
  });

  it.each(["-1", "1.5", "soon"])("rejects MAKIMA_IDLE_TIMEOUT_MS=%j", (value) => {
    expect(() => idleTimeout({ MAKIMA_IDLE_TIMEOUT_MS: value })).toThrow(
      /^Invalid daemon configuration: idleTimeoutMs: /,
    );
  });
});

describe("resolveDaemonConfig: restarts", () => {
  it("reads MAKIMA_DAEMON_RESTARTS, which makima start sets for its local daemon; 0 without it", () => {
    expect(resolveDaemonConfig(flags, { PATH: emptyDir }).restarts).toBe(0);
    expect(resolveDaemonConfig(flags, { PATH: emptyDir, MAKIMA_DAEMON_RESTARTS: "2" }).restarts).toBe(2);
    expect(() => resolveDaemonConfig(flags, { PATH: emptyDir, MAKIMA_DAEMON_RESTARTS: "-1" })).toThrow(
      /^Invalid daemon configuration: restarts: /,
    );
  });
});

describe("makima daemon --bubblewrap without bwrap", () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
    vi.restoreAllMocks();
  });

  it("prints the error and exits 1", async () => {
    process.env.PATH = emptyDir;
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runDaemonCommand(["--api-key", "key", "--bubblewrap"])).toBe(1);
    expect(error.mock.calls).toEqual([[BUBBLEWRAP_NOT_FOUND]]);
  });
});
