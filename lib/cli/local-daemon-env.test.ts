import { describe, expect, it } from "vitest";
import { localDaemonEnvironment } from "./local-daemon-env";

const settings = { apiKey: "mk_daemon_local", serverDataDir: "/srv/makima/data" };

describe("localDaemonEnvironment", () => {
  it("leaves out the server's secrets, its data folder and every database address", () => {
    const env = localDaemonEnvironment(
      {
        PATH: "/usr/bin",
        HOME: "/home/makima",
        MAKIMA_MAX_TASKS: "2",
        CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-kept",
        ANTHROPIC_API_KEY: "sk-ant-api03-kept",
        HTTPS_PROXY: "http://user:pass@proxy.local:3128",
        MAKIMA_ADMIN_EMAIL: "admin@example.com",
        MAKIMA_ADMIN_PASSWORD: "correct horse",
        MAKIMA_AUTH_SECRET: "auth-secret",
        BETTER_AUTH_SECRET: "better-auth-secret",
        AUTH_SECRET: "auth-secret-too",
        MAKIMA_DATA_DIR: "/srv/makima/data",
        DATABASE_URL: "file:/srv/makima/data/makima.db",
        MAKIMA_DATABASE_URL: "file:/srv/makima/other.db",
        MAKIMA_REDIS_URL: "redis://cache.local:6379",
        SHADOW_DB_URL: "file:shadow.db",
        ANALYTICS: "postgres://reader:s3cret@db.local/analytics",
        PGPASSWORD: "pg-password",
        PGPASSFILE: "/home/makima/.pgpass",
        UNSET: undefined,
      },
      settings,
    );
    expect(env).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/makima",
      MAKIMA_MAX_TASKS: "2",
      CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-kept",
      ANTHROPIC_API_KEY: "sk-ant-api03-kept",
      HTTPS_PROXY: "http://user:pass@proxy.local:3128",
      MAKIMA_API_KEY: "mk_daemon_local",
      MAKIMA_BUBBLEWRAP_HIDE: "/srv/makima/data",
    });
  });

  it("gives the daemon its own key, whatever key the server's environment holds", () => {
    expect(localDaemonEnvironment({ MAKIMA_API_KEY: "mk_someone_else" }, settings).MAKIMA_API_KEY).toBe(
      "mk_daemon_local",
    );
  });

  it("hides the server's data folder in the sandbox, besides the folders already asked for", () => {
    expect(
      localDaemonEnvironment({ MAKIMA_BUBBLEWRAP_HIDE: "/srv/secrets:/opt/keys" }, settings).MAKIMA_BUBBLEWRAP_HIDE,
    ).toBe("/srv/makima/data:/srv/secrets:/opt/keys");
  });
});
