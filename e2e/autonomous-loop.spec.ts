import { expect, test } from "@playwright/test";
import { createContract, createRepository, startTask } from "./support";

test("switch the loop on, then watch iterations, gates and a breaker trip", async ({ page }) => {
  await createContract(page, { name: "Loop until done", repository: createRepository() });
  const contractUrl = page.url();

  const loopSwitch = page.getByRole("switch", { name: "Autonomous loop" });
  await expect(loopSwitch).toHaveAttribute("aria-checked", "false");
  await loopSwitch.click();
  await expect(loopSwitch).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await expect(page.getByRole("switch", { name: "Autonomous loop" })).toHaveAttribute("aria-checked", "true");

  // Ready on the third iteration.
  await startTask(page, { name: "Three steps", plan: "scenario:loop-ready-3" });
  const log = page.getByRole("log", { name: "Task output" });
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(log.getByText("Iteration 1 of 10")).toBeVisible();
  await expect(log.getByText("Iteration 3 of 10")).toBeVisible();
  await expect(log.getByText("Completion gate: not ready").first()).toBeVisible();
  await expect(log.getByText(/^Completion gate: ready\b/)).toBeVisible();
  await expect(log).toContainText("All three steps are done");

  // No progress for three iterations: the breaker trips and the task fails with the reason.
  await page.goto(contractUrl);
  await startTask(page, { name: "Going nowhere", plan: "scenario:loop-no-progress" });
  await expect(page.getByTestId("task-status").first()).toHaveText("failed", { timeout: 30_000 });
  await expect(log.getByRole("alert")).toContainText("Circuit breaker tripped: No progress for 3 iterations in a row");
  await expect(page.getByText("No progress for 3 iterations in a row").first()).toBeVisible();
});
