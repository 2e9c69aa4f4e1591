import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** A real git repository with one commit on main, for a contract to point at. */
export function createRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "makima-e2e-repo-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("config", "user.email", "e2e@makima.local");
  git("config", "user.name", "Makima E2E");
  fs.writeFileSync(path.join(dir, "README.md"), "# e2e repository\n");
  fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
  git("add", ".");
  git("commit", "-q", "-m", "initial commit");
  return dir;
}

export async function createContract(page: Page, fields: { name: string; repository: string }): Promise<void> {
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill(fields.name);
  await page.getByLabel("Description").fill("Made by an end-to-end test");
  await page.getByLabel("Repository").fill(fields.repository);
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name: fields.name })).toBeVisible();
}

export async function startTask(page: Page, fields: { name: string; plan: string }): Promise<void> {
  await page.getByLabel("Task name").fill(fields.name);
  await page.getByLabel("Plan").fill(fields.plan);
  await page.getByRole("button", { name: "Start task" }).click();
  await expect(page.getByRole("heading", { name: fields.name })).toBeVisible();
}
