import { expect, test } from "@playwright/test";
import { E2E_OWNER } from "../playwright.config";
import { createContract, createRepository, openNotifications, startTask, taskIdOf, taskNotifications } from "./support";

test("Resume with a message: an interrupted task goes on in the same output, after a banner", async ({ page }) => {
  await createContract(page, { name: "Resume me", repository: createRepository() });
  // The fake claude of `scenario:silent` says one thing and then nothing for ten minutes.
  await startTask(page, { name: "Interrupted work", plan: "scenario:silent" });
  const status = page.getByTestId("task-status").first();
  await expect(status).toHaveText("running", { timeout: 30_000 });
  await expect(page.getByText("Thinking it over.")).toBeVisible();
  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(status).toHaveText("interrupted");

  const resume = page.getByRole("region", { name: "Go on from here" });
  await expect(resume.getByRole("button", { name: "Restart on another daemon" })).toBeVisible();
  await resume.getByLabel("Message (optional)").fill("Please finish the docs");
  await resume.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(status).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByText(`Resumed by ${E2E_OWNER.email}: “Please finish the docs”`)).toBeVisible();
  // What claude said before the interruption is still there, above what it said after.
  await expect(page.getByText("Thinking it over.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Go on from here" })).toHaveCount(0);
});

test("a usage limit: the task says when it resets, lets its slot go, and a notification says so", async ({ page }) => {
  await createContract(page, { name: "Limited", repository: createRepository() });
  await startTask(page, { name: "Hits the limit", plan: "scenario:usage-limit" });
  const taskId = taskIdOf(page);
  await expect(page.getByTestId("task-status").first()).toHaveText("waiting for the usage limit", { timeout: 30_000 });
  // The fake's limit resets in an hour: a reset on another day (a run after 23:00) names its date too.
  const resetAt = String.raw`(\d{4}-\d\d-\d\d )?\d\d:\d\d`;
  await expect(
    page.getByRole("status").filter({ hasText: new RegExp(`^Waiting for the usage limit to reset at ${resetAt}$`) }),
  ).toBeVisible();
  await expect(page.getByText("It lets its daemon's slot go while it waits.")).toBeVisible();

  const panel = await openNotifications(page);
  const notice = taskNotifications(panel, taskId, "usage_limit");
  await expect(notice).toContainText("Usage limit reached: Hits the limit");
  await expect(notice).toContainText(new RegExp(`reset at ${resetAt}\\. The task resumes by itself then\\.`));

  // It waits for an hour (the fake's reset): Stop ends the wait.
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(page.getByTestId("task-status").first()).toHaveText("interrupted");
});
