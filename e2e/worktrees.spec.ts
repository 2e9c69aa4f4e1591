import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import {
  createContract,
  createContractWith,
  createRepository,
  finishedTask,
  git,
  openTaskPanel,
  startTask,
  taskFact,
} from "./support";

/** Where `makima start` puts its local daemon's worktrees: <data dir>/daemon/worktrees (lib/cli/server-command.ts). */
const WORKTREES_DIR = path.join(E2E_DATA_DIR, "daemon", "worktrees");
const SIZE = /^\d+(\.\d)? (B|KB|MB|GB)$/;

/** The worktree cell of the contract page's row for a task. */
function worktreeCell(page: Page, taskName: string) {
  return page.getByTestId("task-row").filter({ hasText: taskName }).getByTestId("worktree-state");
}

/** The folders `git worktree list` reports for a repository, besides the repository itself. */
function listedWorktrees(repository: string): string[] {
  return git(repository, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((line) => line.startsWith("worktree "))
    .map((line) => line.slice("worktree ".length))
    .slice(1);
}

test("clean up a contract's worktrees: cancel first, then confirm and watch each row become cleaned", async ({
  page,
}) => {
  const repository = createRepository();
  await createContract(page, { name: "Clean-up button", repository });
  const contractUrl = page.url();

  await startTask(page, { name: "Draft notes", plan: "scenario:edit\nwrite notes.md draft" });
  const drafted = await finishedTask(page);
  await page.goto(contractUrl);
  await startTask(page, { name: "Look around", plan: "scenario:text" });
  const looked = await finishedTask(page);

  expect(fs.existsSync(path.join(drafted.worktree, "notes.md"))).toBe(true);
  expect(fs.existsSync(looked.worktree)).toBe(true);
  expect(drafted.worktree.startsWith(`${WORKTREES_DIR}${path.sep}`)).toBe(true);
  expect(listedWorktrees(repository).sort()).toEqual([drafted.worktree, looked.worktree].sort());

  await page.goto(contractUrl);
  await expect(worktreeCell(page, "Draft notes")).toHaveText(SIZE);
  await expect(worktreeCell(page, "Look around")).toHaveText(SIZE);

  // Cancelling the confirm step changes nothing.
  await page.getByRole("button", { name: "Clean up worktrees" }).click();
  const confirm = page.getByRole("group", { name: /Remove the worktrees of 2 finished tasks\?/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByLabel("Also delete the tasks' branches")).not.toBeChecked();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("button", { name: "Clean up worktrees" })).toBeVisible();
  await expect(worktreeCell(page, "Draft notes")).toHaveText(SIZE);
  await expect(worktreeCell(page, "Draft notes")).not.toHaveAttribute("data-cleanup");
  expect(fs.existsSync(drafted.worktree)).toBe(true);
  expect(fs.existsSync(looked.worktree)).toBe(true);

  // Confirmed: each row follows its clean-up live, to "cleaned".
  await page.getByRole("button", { name: "Clean up worktrees" }).click();
  await confirm.getByRole("button", { name: "Confirm clean-up" }).click();
  await expect(page.getByText("Cleaning up 2 worktrees.")).toBeVisible();
  for (const name of ["Draft notes", "Look around"]) {
    await expect(worktreeCell(page, name)).toHaveText("cleaned");
    await expect(worktreeCell(page, name)).toHaveAttribute("data-cleanup", "cleaned");
  }

  // The folders are gone, from disk and from the repository's list; the branches stay.
  expect(fs.existsSync(drafted.worktree)).toBe(false);
  expect(fs.existsSync(looked.worktree)).toBe(false);
  expect(listedWorktrees(repository)).toEqual([]);
  // The uncommitted notes.md was committed on the first task's branch before its worktree went.
  expect(git(repository, "log", "-1", "--format=%s", drafted.branch)).toBe(
    "makima: uncommitted work saved at clean-up",
  );
  expect(git(repository, "show", "--name-only", "--format=", drafted.branch)).toBe("notes.md");
  expect(git(repository, "show", `${drafted.branch}:notes.md`)).toBe("draft");
  // The second task had nothing to save: its branch is still at the initial commit.
  expect(git(repository, "rev-parse", looked.branch)).toBe(git(repository, "rev-parse", "main"));

  // The results are kept: a reload still says "cleaned", and so does the task page.
  await page.reload();
  await expect(worktreeCell(page, "Draft notes")).toHaveText("cleaned");
  await expect(worktreeCell(page, "Look around")).toHaveText("cleaned");
  await page.goto(drafted.url);
  await expect(taskFact(page, "Worktree")).toContainText("(removed)");
  await expect(taskFact(page, "Size on disk")).toHaveCount(0);

  // The changes now come from the branch alone; with no worktree there is no file to view.
  const changes = await openTaskPanel(page, "Changes");
  await changes.getByRole("button", { name: "Show changes" }).click();
  await expect(
    changes.getByText("1 file changed, +1 −0 against main (branch only: the worktree is gone)"),
  ).toBeVisible();
  const notes = changes.getByRole("group", { name: "notes.md" });
  await expect(notes.locator('tr[data-kind="add"]')).toContainText("draft");
  await expect(notes.getByRole("button", { name: "View file" })).toHaveCount(0);
});

test("the confirm step counts a task that finished while the contract page was open", async ({ page, context }) => {
  await createContract(page, { name: "Live count", repository: createRepository() });
  const contractUrl = page.url();
  const contractPage = await context.newPage();
  await contractPage.goto(contractUrl);
  await startTask(page, { name: "Finishes meanwhile", plan: "scenario:text" });
  await finishedTask(page);

  const row = contractPage.getByTestId("task-row").filter({ hasText: "Finishes meanwhile" });
  await expect(row.getByTestId("task-status")).toHaveText("completed");
  await contractPage.getByRole("button", { name: "Clean up worktrees" }).click();
  const confirm = contractPage.getByRole("group", { name: /^Remove the worktrees of/ });
  await expect(confirm).toContainText("Remove the worktrees of 1 finished task?");
  await expect(confirm).not.toContainText("running");
  await confirm.getByRole("button", { name: "Confirm clean-up" }).click();
  await expect(contractPage.getByText("Cleaning up 1 worktree.")).toBeVisible();
  await expect(row.getByTestId("worktree-state")).toHaveText("cleaned");
});

test("completing a contract removes its tasks' worktrees and keeps their branches", async ({ page }) => {
  const repository = createRepository();
  await createContract(page, { name: "Complete me", repository });
  const contractUrl = page.url();
  await startTask(page, {
    name: "Write a file",
    plan: "scenario:edit\nwrite done.txt finished work\ncommit add done.txt",
  });
  const wrote = await finishedTask(page);
  await page.goto(contractUrl);
  await startTask(page, { name: "Only look", plan: "scenario:text" });
  const looked = await finishedTask(page);
  expect(fs.existsSync(wrote.worktree)).toBe(true);
  expect(fs.existsSync(looked.worktree)).toBe(true);

  await page.goto(contractUrl);
  await expect(worktreeCell(page, "Write a file")).toHaveText(SIZE);
  await page.getByRole("button", { name: "Complete contract" }).click();
  await expect(page.getByRole("button", { name: "Complete contract" })).toBeDisabled();
  for (const name of ["Write a file", "Only look"]) {
    await expect(worktreeCell(page, name)).toHaveText("cleaned");
  }
  expect(fs.existsSync(wrote.worktree)).toBe(false);
  expect(fs.existsSync(looked.worktree)).toBe(false);
  expect(listedWorktrees(repository)).toEqual([]);
  expect(git(repository, "show", `${wrote.branch}:done.txt`)).toBe("finished work");
  expect(git(repository, "branch", "--list", looked.branch)).toContain(looked.branch);
});

test("completing a contract while a task runs removes that worktree once the task ends", async ({ page }) => {
  const repository = createRepository();
  await createContract(page, { name: "Complete while running", repository });
  const contractUrl = page.url();
  await startTask(page, { name: "Never ends", plan: "scenario:hang" });
  await expect(page.getByTestId("task-status").first()).toHaveText("running");
  const worktree = ((await taskFact(page, "Worktree").locator(".font-mono").textContent()) ?? "").trim();
  const taskUrl = page.url();
  expect(fs.existsSync(worktree)).toBe(true);

  await page.goto(contractUrl);
  await page.getByRole("button", { name: "Complete contract" }).click();
  const cell = worktreeCell(page, "Never ends");
  await expect(cell).toHaveAttribute("data-cleanup", "pending");
  await expect(cell).toContainText("clean-up waiting");
  await expect(cell).toContainText("(the task is still running)");
  expect(fs.existsSync(worktree)).toBe(true);

  await page.goto(taskUrl);
  await expect(taskFact(page, "Size on disk")).toContainText("clean-up waiting");
  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(page.getByTestId("task-status").first()).toHaveText("interrupted");
  await expect(taskFact(page, "Worktree")).toContainText("(removed)");
  expect(fs.existsSync(worktree)).toBe(false);
  await page.goto(contractUrl);
  await expect(worktreeCell(page, "Never ends")).toHaveText("cleaned");
});

test("the task page shows the task's changes, committed and not, and a changed file's content", async ({ page }) => {
  const repository = createRepository();
  await createContract(page, { name: "Diff viewer", repository });
  await startTask(page, {
    name: "Edit two files",
    plan: [
      "scenario:edit",
      "write src/new.ts export const answer = 42;",
      "commit add src/new.ts",
      "write README.md # e2e repository, now edited",
    ].join("\n"),
  });
  await finishedTask(page);

  const changes = await openTaskPanel(page, "Changes");
  await expect(changes).toContainText("The changes are computed by the daemon when asked for.");
  await changes.getByRole("button", { name: "Show changes" }).click();
  await expect(changes.getByText("2 files changed, +2 −1 against main, including uncommitted work")).toBeVisible();

  const files = changes.getByTestId("diff-file");
  await expect(files).toHaveCount(2);
  const readme = changes.getByRole("group", { name: "README.md" });
  const added = changes.getByRole("group", { name: "src/new.ts" });
  await expect(readme).toContainText("+1 −1");
  await expect(added).toContainText("+1 −0");

  // Expanding a file shows its hunks: the new line in green, the old one in red.
  const readmeToggle = readme.getByRole("button", { name: /README\.md/ });
  await expect(readmeToggle).toHaveAttribute("aria-expanded", "false");
  await readmeToggle.click();
  await expect(readmeToggle).toHaveAttribute("aria-expanded", "true");
  const readmeDiff = readme.getByRole("table", { name: "Diff of README.md" });
  await expect(readmeDiff.locator('tr[data-kind="add"]')).toHaveCount(1);
  await expect(readmeDiff.locator('tr[data-kind="add"]')).toContainText("# e2e repository, now edited");
  await expect(readmeDiff.locator('tr[data-kind="del"]')).toHaveCount(1);
  await expect(readmeDiff.locator('tr[data-kind="del"]')).toContainText("# e2e repository");
  await expect(readmeDiff.locator('tr[data-kind="del"]')).not.toContainText("now edited");
  await expect(readmeDiff.locator('tr[data-kind="add"]')).toHaveClass(/bg-green/);
  await expect(readmeDiff.locator('tr[data-kind="del"]')).toHaveClass(/bg-red/);

  await added.getByRole("button", { name: /src\/new\.ts/ }).click();
  await expect(added.getByRole("table", { name: "Diff of src/new.ts" }).locator('tr[data-kind="add"]')).toContainText([
    "export const answer = 42;",
  ]);
  await expect(added.locator('tr[data-kind="del"]')).toHaveCount(0);

  // "View file" shows the file as it is in the worktree.
  await added.getByRole("button", { name: "View file" }).click();
  const content = added.getByRole("region", { name: "File src/new.ts" });
  await expect(content).toContainText("export const answer = 42;");
  await readme.getByRole("button", { name: "View file" }).click();
  await expect(readme.getByRole("region", { name: "File README.md" })).toContainText("# e2e repository, now edited");
});

test("a contract that merges on completion merges the task's work into the target branch", async ({ page }) => {
  const repository = createRepository();
  await createContractWith(page, {
    name: "Merge on completion",
    repository,
    targetBranch: "main",
    whenTaskCompletes: "Merge into the target branch",
  });
  const contractUrl = page.url();
  await page.goto(`${contractUrl}/edit`);
  await expect(page.getByLabel("When a task completes")).toHaveValue("merge");
  await page.goto(contractUrl);

  await startTask(page, {
    name: "Add a feature",
    plan: "scenario:edit\nwrite feature.txt merged work\ncommit add feature.txt\nwrite extra.txt not committed by claude",
  });
  await finishedTask(page);
  const outcome = page.getByTestId("completion-outcome");
  await expect(outcome).toContainText("Merged into the target branch");
  await expect(outcome).toHaveRole("status");

  expect(git(repository, "show", "main:feature.txt")).toBe("merged work");
  // Uncommitted work is committed on the branch first, so it is merged too.
  expect(git(repository, "show", "main:extra.txt")).toBe("not committed by claude");
  // main is checked out in the repository itself: its files follow the merge.
  expect(fs.readFileSync(path.join(repository, "feature.txt"), "utf8")).toBe("merged work\n");
  expect(git(repository, "status", "--porcelain")).toBe("");
});

test("a merge that conflicts is reported on the task and leaves the target branch alone", async ({ page }) => {
  const repository = createRepository();
  // Tasks start from `base`; main moves on meanwhile with a different README.
  git(repository, "branch", "base");
  fs.writeFileSync(path.join(repository, "README.md"), "# changed on main\n");
  git(repository, "commit", "-q", "-am", "change the README on main");
  const mainBefore = git(repository, "rev-parse", "main");

  await createContractWith(page, {
    name: "Conflicting merge",
    repository,
    baseBranch: "base",
    targetBranch: "main",
    whenTaskCompletes: "Merge into the target branch",
  });
  await startTask(page, {
    name: "Rewrite README",
    plan: "scenario:edit\nwrite README.md # changed by the task\ncommit rewrite the README",
  });
  await finishedTask(page);
  const outcome = page.getByRole("alert").filter({ hasText: "Merge conflict: not merged" });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText("README.md");

  expect(git(repository, "rev-parse", "main")).toBe(mainBefore);
  expect(git(repository, "status", "--porcelain")).toBe("");
  expect(fs.existsSync(path.join(repository, ".git", "MERGE_HEAD"))).toBe(false);
});

test("an orphan worktree is listed on the daemons page and can be removed", async ({ page }) => {
  // A worktree folder no task owns, with uncommitted work in it.
  const repository = createRepository();
  fs.mkdirSync(WORKTREES_DIR, { recursive: true });
  const orphan = path.join(WORKTREES_DIR, `orphan-e2e-${Date.now()}`);
  git(repository, "worktree", "add", "-q", "-b", "orphan-e2e", orphan);
  fs.writeFileSync(path.join(orphan, "left-behind.txt"), "left behind\n");

  // The daemon reports its worktrees folder when it authenticates and after each clean-up: clean one up.
  await createContract(page, { name: "Orphan trigger", repository: createRepository() });
  const contractUrl = page.url();
  await startTask(page, { name: "Short task", plan: "scenario:text" });
  await finishedTask(page);
  await page.goto(contractUrl);
  await page.getByRole("button", { name: "Clean up worktrees" }).click();
  await page.getByRole("button", { name: "Confirm clean-up" }).click();
  await expect(worktreeCell(page, "Short task")).toHaveText("cleaned");

  await page.goto("/daemons");
  const orphans = page.getByRole("region", { name: "Orphan worktrees" });
  const row = orphans.getByTestId("orphan-worktree").filter({ hasText: orphan });
  // The inventory follows the clean-up's answer, so it may land just after this page was rendered.
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(row).toContainText("on e2e-daemon");
  await expect(row).toContainText("orphan-e2e");
  await expect(row).toContainText(/\d+(\.\d)? (B|KB|MB)/);

  await row.getByRole("button", { name: `Remove ${orphan}` }).click();
  await expect(row).toBeHidden();
  expect(fs.existsSync(orphan)).toBe(false);
  expect(git(repository, "log", "-1", "--format=%s", "orphan-e2e")).toBe("makima: uncommitted work saved at clean-up");
  expect(git(repository, "show", "orphan-e2e:left-behind.txt")).toBe("left behind");
});
