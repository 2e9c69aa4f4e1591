import { expect, test } from "@playwright/test";
import { createContract, createRepository, startTask } from "./support";

test("create a contract, start a task, watch its output stream in and the task complete", async ({ page }) => {
  await createContract(page, { name: "Tidy the README", repository: createRepository() });
  await startTask(page, { name: "List the files", plan: "scenario:text Look around the repository." });

  const log = page.getByRole("log", { name: "Task output" });
  await expect(log).toContainText("I'll look at the repository.");
  // The tool call shows its name; its result (the real `ls` of the worktree) is one click away.
  await expect(log.getByText("Bash", { exact: true }).first()).toBeVisible();
  await expect(log).toContainText("Done: the repository has");
  await expect(page.getByTestId("task-status").first()).toHaveText("completed");
  // The result card shows the outcome, turns and cost.
  await expect(log).toContainText("Completed");
  await expect(log).toContainText("$0.");
});

test("the contract page shows the task's status change live", async ({ page, context }) => {
  await createContract(page, { name: "Live statuses", repository: createRepository() });
  const contractUrl = page.url();
  await startTask(page, { name: "Slow listing", plan: "scenario:slow" });
  const contractPage = await context.newPage();
  await contractPage.goto(contractUrl);
  const row = contractPage.getByTestId("task-row").filter({ hasText: "Slow listing" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("task-status")).toHaveText("completed", { timeout: 30_000 });
});

test("a repository that does not exist fails the task with that reason", async ({ page }) => {
  await createContract(page, { name: "Missing repo", repository: "/nonexistent/path/to/repo" });
  await startTask(page, { name: "Doomed", plan: "scenario:text" });
  await expect(page.getByTestId("task-status").first()).toHaveText("failed");
  await expect(page.getByText("Repository path does not exist: /nonexistent/path/to/repo").first()).toBeVisible();
});

test("invalid contract fields show errors next to the fields and save nothing", async ({ page }) => {
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill("   ");
  await page.getByLabel("Repository").fill("/tmp/some-repo");
  await page.getByLabel("Base branch").fill("bad..branch");
  await page.getByRole("button", { name: "Create contract" }).click();
  // Each error sits under its own field and is tied to it for screen readers.
  await expect(page.locator("#contract-name-error")).toHaveText("Name is required");
  await expect(page.locator("#contract-base-branch-error")).toHaveText('Base branch must not contain ".."');
  await expect(page.getByLabel("Base branch")).toHaveAttribute("aria-describedby", /contract-base-branch-error/);
  await expect(page.getByLabel("Repository")).toHaveValue("/tmp/some-repo");
  await page.goto("/");
  await expect(page.getByText("/tmp/some-repo")).toHaveCount(0);
});

test("a running task can be sent a message and stopped", async ({ page }) => {
  await createContract(page, { name: "Steering", repository: createRepository() });
  await startTask(page, { name: "Waits forever", plan: "scenario:hang" });
  await expect(page.getByTestId("task-status").first()).toHaveText("running");
  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(page.getByTestId("task-status").first()).toHaveText("interrupted");
  await expect(page.getByText("Stopped by user").first()).toBeVisible();
});

test("the daemons page lists the local daemon with its capacity", async ({ page }) => {
  await page.goto("/daemons");
  const row = page.getByTestId("daemon-row").filter({ hasText: "e2e-daemon" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("daemon-status")).toHaveText(/connected/);
  await expect(row).toContainText("4");
});
