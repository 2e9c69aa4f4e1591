import { expect, test, type Page } from "@playwright/test";
import { createContract, createRepository, openNotifications, openTaskPanel, startTask } from "./support";

test.use({ viewport: { width: 390, height: 844 } });

/** Nothing on the page is wider than the phone's screen: no sideways scrolling to reach a control. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
}

test("on a 390 px phone a person follows a task, sends it a message and stops it", async ({ page }) => {
  await createContract(page, { name: "From my phone", repository: createRepository() });
  await expectNoSidewaysScroll(page);
  // The fake claude of `scenario:silent` says one thing, then works quietly for ten minutes: room to talk and stop.
  await startTask(page, { name: "Phone task", plan: "scenario:silent" });
  const status = page.getByTestId("task-status").first();
  await expect(status).toHaveText("running", { timeout: 30_000 });

  // The output comes right after the task's one-line summary, on the first screen.
  const output = page.getByRole("log", { name: "Task output" });
  await expect(output.getByText("Thinking it over.")).toBeInViewport();
  await expect(page.getByLabel("Task summary")).toBeVisible();
  await expectNoSidewaysScroll(page);

  const message = page.getByLabel("Message");
  await message.fill("Please also update the README");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(output.getByText("Message sent: Please also update the README")).toBeVisible();

  const details = await openTaskPanel(page, "Details");
  await expect(details.getByText("e2e-daemon")).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(status).toHaveText("interrupted");
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page);

  // The notifications panel fits the screen too.
  const panel = await openNotifications(page);
  const box = await panel.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
});
