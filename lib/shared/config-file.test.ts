import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDaemonConfig } from "../../daemon/config";
import { tempDir } from "../../test/support/git";
import { ConfigFileError, configFileLocations, loadConfigFiles, readConfigFile } from "./config-file";
import { resolveServerConfig } from "../server/config";

/** The three places a configuration file is read from, in temp folders: [/etc, ~/.config, ./makima.toml]. */
function places() {
  const root = tempDir("makima-config-");
  const [etc, user, local] = configFileLocations(
    path.join(root, "cwd"),
    path.join(root, "home"),
    path.join(root, "etc"),
  );
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  return { files: [etc, user, local], etc, user, local, write };
}

describe("configuration files", () => {
  it("reads every section, and nothing when no file exists", () => {
    const { files, local, write } = places();
    expect(loadConfigFiles(files)).toEqual({});
    write(
      local,
      `[server]
host = "0.0.0.0"
port = 4000

[daemon]
server_url = "http://server.example:4000"
max_tasks = 8

[process]
claude_command = "claude --model opus"

[process.bubblewrap]
enabled = true
ro_binds = ["/opt/tools"]

[autonomous_loop]
hard_cap = 20
`,
    );
    expect(loadConfigFiles(files)).toEqual({
      server: { host: "0.0.0.0", port: 4000 },
      daemon: { server_url: "http://server.example:4000", max_tasks: 8 },
      process: { claude_command: "claude --model opus", bubblewrap: { enabled: true, ro_binds: ["/opt/tools"] } },
      autonomous_loop: { hard_cap: 20 },
    });
  });

  it("reads the server's host and proxy settings, and lets the environment replace the lists", () => {
    const { files, local, write } = places();
    write(
      local,
      `[server]
public_url = "https://Makima.Example.com/"
allowed_hosts = ["makima.lan", "10.0.0.5"]
trusted_proxies = ["10.0.0.0/8", "fd00::/8"]
`,
    );
    const file = loadConfigFiles(files);
    expect(resolveServerConfig({}, {}, file)).toMatchObject({
      publicUrl: "https://makima.example.com",
      allowedHosts: ["makima.lan", "10.0.0.5"],
      trustedProxies: ["10.0.0.0/8", "fd00::/8"],
    });
    const env = {
      MAKIMA_PUBLIC_URL: "http://box.lan:8080",
      MAKIMA_ALLOWED_HOSTS: "a.lan, B.lan",
      MAKIMA_TRUSTED_PROXIES: "::1",
    };
    expect(resolveServerConfig({}, env, file)).toMatchObject({
      publicUrl: "http://box.lan:8080",
      allowedHosts: ["a.lan", "b.lan"],
      trustedProxies: ["::1"],
    });
  });

  it("lets ./makima.toml win over ~/.config/makima, and that over /etc/makima, key by key", () => {
    const { files, etc, user, local, write } = places();
    write(etc, `[daemon]\nmax_tasks = 2\nhostname = "from-etc"\nheartbeat_ms = 5000\n`);
    write(user, `[daemon]\nmax_tasks = 3\nhostname = "from-home"\n`);
    write(local, `[daemon]\nmax_tasks = 4\n`);
    expect(loadConfigFiles(files).daemon).toEqual({ max_tasks: 4, hostname: "from-home", heartbeat_ms: 5000 });
  });

  it("lets environment variables win over the files, and flags over both", () => {
    const { files, local, write } = places();
    write(
      local,
      `[daemon]\napi_key = "file-key"\nmax_tasks = 4\n[process]\nlogin_url_timeout_ms = 1000\n[server]\nport = 4000\n`,
    );
    const file = loadConfigFiles(files);
    expect(resolveDaemonConfig({}, {}, file)).toMatchObject({
      apiKey: "file-key",
      maxTasks: 4,
      loginUrlTimeoutMs: 1000,
    });
    expect(resolveDaemonConfig({}, { MAKIMA_MAX_TASKS: "6" }, file)).toMatchObject({ apiKey: "file-key", maxTasks: 6 });
    expect(resolveDaemonConfig({ maxTasks: "7" }, { MAKIMA_MAX_TASKS: "6" }, file)).toMatchObject({ maxTasks: 7 });
    expect(resolveServerConfig({}, {}, file).port).toBe(4000);
    expect(resolveServerConfig({}, { PORT: "5000" }, file).port).toBe(5000);
    expect(resolveServerConfig({ port: "6000" }, { PORT: "5000" }, file).port).toBe(6000);
  });

  it.each([
    ["a value of the wrong type", `[daemon]\nmax_tasks = "many"\n`, /makima\.toml: daemon\.max_tasks: /],
    ["an unknown key", `[daemon]\nmax_taks = 4\n`, /makima\.toml: unknown key daemon\.max_taks/],
    ["an unknown section", `[deamon]\nmax_tasks = 4\n`, /makima\.toml: unknown key deamon/],
    ["a TOML syntax error", `[daemon\nmax_tasks = 4\n`, /makima\.toml: /],
    ["a port out of range", `[server]\nport = 70000\n`, /makima\.toml: server\.port: /],
    [
      "a host list that is not a list",
      `[server]\nallowed_hosts = "makima.lan"\n`,
      /makima\.toml: server\.allowed_hosts: /,
    ],
    [
      "a proxy that is not a string",
      `[server]\ntrusted_proxies = [10]\n`,
      /makima\.toml: server\.trusted_proxies\.0: /,
    ],
  ])("refuses %s, naming the key and the file", (_, text, message) => {
    const { local, write } = places();
    write(local, text);
    expect(() => readConfigFile(local)).toThrow(ConfigFileError);
    expect(() => readConfigFile(local)).toThrow(message);
    expect(() => readConfigFile(local)).toThrow(`Invalid configuration file ${local}`);
  });
});
