import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3199);
export const E2E_DATA_DIR = path.resolve(".tmp/e2e-data");
/** The owner the web server makes at start-up (MAKIMA_ADMIN_*), signed in once by e2e/auth.setup.ts. */
export const E2E_OWNER = { email: "owner@makima.test", password: "e2e owner password 1" };
export const E2E_OWNER_STATE = path.resolve(".tmp/e2e-auth/owner.json");

/**
 * End-to-end tests: a real server with its local daemon (`makima start`, as `npm start` runs it) on a
 * fresh SQLite file, the fake claude as the claude command, and Debian's Chromium (Playwright cannot
 * download its own browsers on these machines). `npm run test:e2e` builds Next.js first.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  // Sign in once, then every test starts signed in as the owner (a test that needs another visitor makes its own context).
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: /sign-in-rate-limit/,
      use: { storageState: E2E_OWNER_STATE },
    },
    // Last: once it has tripped the sign-in limit, nobody can sign in from this machine for a minute.
    { name: "rate-limit", dependencies: ["chromium"], testMatch: /sign-in-rate-limit\.spec\.ts/ },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // Every run starts on an empty database. The wipe belongs here, not in a globalSetup: Playwright starts the web
    // server before global setup, which would delete the files under a running server. `exec` lets the signal
    // below reach makima itself.
    command: `rm -rf '${E2E_DATA_DIR}' && exec node bin/makima.mjs start --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    // Let `makima start` stop its local daemon, as Ctrl-C would, rather than being killed outright.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      MAKIMA_DATA_DIR: E2E_DATA_DIR,
      MAKIMA_CLAUDE_COMMAND: `${process.execPath} ${path.resolve("scripts/fake-claude.mjs")}`,
      MAKIMA_HOSTNAME: "e2e-daemon",
      MAKIMA_ADMIN_EMAIL: E2E_OWNER.email,
      MAKIMA_ADMIN_PASSWORD: E2E_OWNER.password,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
});
