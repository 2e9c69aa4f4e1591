import { expect, test, type Page } from "@playwright/test";
import { createContract, createRepository, startTask } from "./support";

/** The texts of the assistant lines the log shows, in order ("line 1" … "line 400" from the slow scenario). */
async function shownLines(page: Page): Promise<string[]> {
  // The rendered markdown of each message (a paragraph here), not its "source" toggle.
  return page.getByRole("log", { name: "Task output" }).locator('[data-kind="assistantText"] p').allInnerTexts();
}

const expected = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);

test("a reload mid-stream shows every line once, with no gap", async ({ page }) => {
  await createContract(page, { name: "Reload mid-stream", repository: createRepository() });
  await startTask(page, { name: "Slow printer", plan: "scenario:slow" });
  const log = page.getByRole("log", { name: "Task output" });
  await expect(log).toContainText("line 40");
  await page.reload();
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(log).toContainText("line 400");
  expect(await shownLines(page)).toEqual(expected);
});

test("a dropped browser connection resumes from the last line it had", async ({ page, context }) => {
  await createContract(page, { name: "Flaky wifi", repository: createRepository() });
  await startTask(page, { name: "Slow printer", plan: "scenario:slow" });
  const log = page.getByRole("log", { name: "Task output" });
  await expect(log).toContainText("line 40");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByText("Reconnecting…")).toBeVisible();
  await page.waitForTimeout(1000);
  await context.setOffline(false);
  await expect(page.getByText("Live", { exact: true })).toBeVisible({ timeout: 20_000 });

  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(log).toContainText("line 400");
  expect(await shownLines(page)).toEqual(expected);
});
