import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createRepository } from "./support";

const PORT = Number(process.env.E2E_SETUP_PORT ?? 3198);
const BASE = `http://127.0.0.1:${PORT}`;
const OWNER = { email: "first@makima.test", password: "the first owner's password" };

let server: ChildProcess | undefined;
let setupUrl: string;

/** A fresh `makima start` with no account and no MAKIMA_ADMIN_*: it prints the one-time set-up link. */
test.beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-e2e-setup-"));
  const { MAKIMA_ADMIN_EMAIL: _email, MAKIMA_ADMIN_PASSWORD: _password, ...env } = process.env;
  server = spawn(process.execPath, ["bin/makima.mjs", "start", "--port", String(PORT)], {
    env: {
      ...env,
      MAKIMA_DATA_DIR: dataDir,
      MAKIMA_CLAUDE_COMMAND: `${process.execPath} ${path.resolve("scripts/fake-claude.mjs")}`,
      MAKIMA_HOSTNAME: "setup-daemon",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  setupUrl = await new Promise<string>((resolve, reject) => {
    let seen = "";
    server!.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /^Create the first account: (\S+)$/m.exec(seen);
      if (match) resolve(match[1]!);
    });
    server!.once("exit", (code) =>
      reject(new Error(`makima start exited (${code}) before printing the set-up link:\n${seen}`)),
    );
  });
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
});

test.use({ storageState: { cookies: [], origins: [] } });

test("the set-up link makes the owner, who signs in and runs the README's walk-through", async ({ page }) => {
  expect(setupUrl).toMatch(new RegExp(`^${BASE}/setup\\?token=[\\w-]{20,}$`));
  await page.goto(`${BASE}/`);
  await expect(page).toHaveURL(`${BASE}/sign-in`);

  await page.goto(`${BASE}/setup?token=not-the-token`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This set-up link is not valid");
  await expect(page.getByRole("button", { name: "Create owner account" })).toHaveCount(0);

  await page.goto(setupUrl);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Password must be at least 12 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(`${BASE}/sign-in?created=1`);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("The owner account is ready: sign in with it.");

  // The link is spent: it now says so, and makes nothing.
  await page.goto(setupUrl);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("The first account has already been made.");

  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Contracts", level: 1 })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText(`${OWNER.email} · owner`);

  // README, "A first walk through": a contract, a task, its output, its end.
  await page.getByRole("link", { name: "New contract" }).click();
  await page.getByLabel("Name").fill("First contract");
  await page.getByLabel("Repository").fill(createRepository());
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name: "First contract" })).toBeVisible();
  await page.getByLabel("Task name").fill("First task");
  await page.getByLabel("Plan").fill("scenario:text Look around the repository.");
  await page.getByRole("button", { name: "Start task", exact: true }).click();
  await expect(page.getByRole("heading", { name: "First task" })).toBeVisible();
  const log = page.getByRole("log", { name: "Task output" });
  await expect(log).toContainText("Done: the repository has");
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
});
