import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

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
  // Exactly: the login banner may show a "Restart task" button too.
  await page.getByRole("button", { name: "Start task", exact: true }).click();
  await expect(page.getByRole("heading", { name: fields.name })).toBeVisible();
}

/** Runs git in `cwd` and returns its output (trimmed); throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Like createContract, with the branch and completion-action fields the form also has. */
export async function createContractWith(
  page: Page,
  fields: { name: string; repository: string; baseBranch?: string; targetBranch?: string; whenTaskCompletes?: string },
): Promise<void> {
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill(fields.name);
  await page.getByLabel("Description").fill("Made by an end-to-end test");
  await page.getByLabel("Repository").fill(fields.repository);
  if (fields.baseBranch) await page.getByLabel("Base branch").fill(fields.baseBranch);
  if (fields.targetBranch) await page.getByLabel("Target branch").fill(fields.targetBranch);
  if (fields.whenTaskCompletes)
    await page.getByLabel("When a task completes").selectOption({ label: fields.whenTaskCompletes });
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name: fields.name })).toBeVisible();
}

/** The value of one of the task page's facts ("Branch", "Worktree", "Size on disk", …). */
export function taskFact(page: Page, term: string): Locator {
  return page
    .locator("dt")
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** On a task page: waits for the task to complete, then reads its branch and worktree folder from its facts. */
export async function finishedTask(page: Page): Promise<{ url: string; branch: string; worktree: string }> {
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  // The facts sit in the closed Details panel: read as text, not as what is rendered.
  const worktree = taskFact(page, "Worktree").locator(".font-mono");
  await expect(worktree).toHaveText(/\S/);
  const branch = ((await taskFact(page, "Branch").locator(".font-mono").textContent()) ?? "").trim();
  return { url: page.url(), branch, worktree: ((await worktree.textContent()) ?? "").trim() };
}

/** On a task page: the task's id, from its address (/tasks/<id>). */
export function taskIdOf(page: Page): string {
  const match = /\/tasks\/([^/?#]+)/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`Not a task page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

/** The header's Notifications button, whatever its unread count. */
export function notificationsButton(page: Page): Locator {
  return page.getByRole("banner").getByRole("button", { name: /^Notifications(, \d+ unread)?$/ });
}

/** Opens the Notifications panel (if closed) and returns it. */
export async function openNotifications(page: Page): Promise<Locator> {
  const button = notificationsButton(page);
  const panel = page.getByRole("dialog", { name: "Notifications" });
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await expect(panel).toBeVisible();
  return panel;
}

/** The notifications in the panel that lead to this task ("View task"), optionally of one kind. */
export function taskNotifications(panel: Locator, taskId: string, kind?: string): Locator {
  const items = panel
    .getByTestId("notification")
    .filter({ has: panel.page().locator(`a[href="/tasks/${encodeURIComponent(taskId)}"]`) });
  return kind ? items.and(panel.page().locator(`[data-kind="${kind}"]`)) : items;
}

/** The login banner at the top of every page, and its logins in a given state. */
export function loginBanner(page: Page): Locator {
  return page.getByRole("region", { name: "Claude login" });
}

export function loginsWithStatus(
  page: Page,
  status: "waiting" | "submitting" | "succeeded" | "failed" | "manual",
): Locator {
  return loginBanner(page)
    .getByTestId("login")
    .and(page.locator(`[data-status="${status}"]`));
}

/** On a task page: opens one of its panels under the output (Plan, Changes, Details) and gives it back. */
export async function openTaskPanel(page: Page, title: "Plan" | "Changes" | "Details"): Promise<Locator> {
  const summary = page.locator("summary").filter({ hasText: new RegExp(`^${title}$`) });
  await summary.click();
  return page.locator("details").filter({ has: summary });
}
