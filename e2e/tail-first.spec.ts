import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import { openDatabase, seedTask } from "../test/support/seed-output";
import { createContract, createRepository, startTask } from "./support";

/**
 * A task page opens on its newest output and loads the rest only as the reader scrolls back. The 100,000-line tasks
 * are written straight into the server's database (through the relay they would take minutes): a realistic
 * transcript of texts, tool calls and results (test/support/seed-output.ts), the last line `result`.
 */
const LINES = 100_000;

test.describe.configure({ timeout: 180_000 });

/** Makes a contract through the UI and a task of `LINES` lines in it, straight into the database. */
async function seededTask(page: Page, name: string, fields: { status?: "pending"; plan?: string } = {}) {
  await createContract(page, { name, repository: createRepository() });
  const contractUrl = page.url();
  const contractId = decodeURIComponent(contractUrl.split("/contracts/")[1]);
  const db = openDatabase(path.join(E2E_DATA_DIR, "makima.db"));
  try {
    // Older than anything made later: the scheduler runs the oldest pending task first.
    const createdAt = new Date(Date.now() - 60_000);
    return { contractUrl, taskId: seedTask(db, { contractId, name, lines: LINES, createdAt, ...fields }) };
  } finally {
    db.close();
  }
}

const row = (log: Locator, seq: number) => log.locator(`[data-key="${seq}:0"]`);

/** The row at the top of the log's view: its key and how far below the log's top edge it is. */
function topRow(log: Locator): Promise<{ key: string; offset: number }> {
  return log.evaluate((element) => {
    const top = element.getBoundingClientRect().top;
    for (const candidate of element.querySelectorAll<HTMLElement>("[data-key]")) {
      const box = candidate.getBoundingClientRect();
      if (box.top >= top && box.height > 0) return { key: candidate.dataset.key!, offset: box.top - top };
    }
    throw new Error("no row in view");
  });
}

test("a 100,000-line task opens on its tail, pages back to its first line, and jumps to the latest again", async ({
  page,
}) => {
  const { taskId } = await seededTask(page, "Long transcript");
  const log = page.getByRole("log", { name: "Task output" });

  const startedAt = Date.now();
  await page.goto(`/tasks/${taskId}`);
  // The newest line, on screen without any scrolling.
  await expect(row(log, LINES)).toBeInViewport();
  const openedMs = Date.now() - startedAt;
  console.log(`newest line on screen ${openedMs} ms after navigating`);
  expect(openedMs).toBeLessThan(5_000);
  await expect(row(log, LINES)).toContainText("Completed");
  await expect(page.getByTestId("output-lines")).toHaveText(`${LINES.toLocaleString("en-US")} lines`);
  await expect(page.getByRole("button", { name: "Jump to latest ↓" })).toBeHidden();
  // Only what is on screen, and a little around it, is in the page.
  expect(await log.locator("[data-key]").count()).toBeLessThan(200);
  // And it stays there once the page's scripts have taken over from the rows the server rendered: their own
  // scrolling (the list placing and measuring its rows) once left a tab at the top, loading older pages.
  await page.waitForTimeout(2_000);
  await expect(row(log, LINES)).toBeInViewport();
  await expect(page.getByRole("button", { name: "Jump to latest ↓" })).toBeHidden();

  // Home, again and again: each time the page above comes, until the first line.
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await log.focus();
  const start = page.getByTestId("output-start");
  const pagedAt = Date.now();
  await expect
    .poll(
      async () => {
        await page.keyboard.press("Home");
        return start.textContent();
      },
      { timeout: 150_000, intervals: [200] },
    )
    .toBe("Beginning of output");
  console.log(`scrolled back to the first line in ${Date.now() - pagedAt} ms`);
  // The last page came in above what was on screen, which stayed put: once more to the top.
  await page.keyboard.press("Home");
  await expect(row(log, 1)).toBeInViewport();
  await expect(row(log, 1)).toContainText("Session started");
  await expect(row(log, 2)).toContainText("Step 2:");
  await expect(row(log, LINES)).toHaveCount(0);

  // PageDown moves on through the output from there.
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await expect(row(log, 1)).not.toBeInViewport();

  await page.getByRole("button", { name: "Jump to latest ↓" }).click();
  await expect(row(log, LINES)).toBeInViewport();
  await expect(page.getByRole("button", { name: "Jump to latest ↓" })).toBeHidden();

  // And PageUp from the bottom stops following.
  await log.focus();
  await page.keyboard.press("PageUp");
  await expect(page.getByRole("button", { name: "Jump to latest ↓" })).toBeVisible();
});

test("live lines arrive below while the reader is scrolled up, moving nothing they read", async ({ page, context }) => {
  // A pending task with 100,000 lines already: when it runs, the fake claude's 400 slow lines are numbered on from them.
  const { contractUrl, taskId } = await seededTask(page, "Long and live", { status: "pending", plan: "scenario:slow" });
  const log = page.getByRole("log", { name: "Task output" });
  await page.goto(`/tasks/${taskId}`);
  await expect(row(log, LINES)).toBeInViewport();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();

  // Scroll up a little, by the wheel, as a reader would.
  await log.hover();
  await page.mouse.wheel(0, -700);
  const jump = page.getByRole("button", { name: "Jump to latest ↓" });
  await expect(jump).toBeVisible();
  await expect(row(log, LINES)).not.toBeInViewport();
  await page.waitForTimeout(300);
  const read = await topRow(log);

  // Start the task (another task made through the UI makes the scheduler run every pending one).
  const other = await context.newPage();
  await other.goto(contractUrl);
  await startTask(other, { name: "Starts the scheduler", plan: "scenario:text" });
  await other.close();

  const count = page.getByTestId("output-lines");
  await expect
    .poll(async () => Number((await count.textContent())?.replace(/\D/g, "")), { timeout: 30_000 })
    .toBeGreaterThan(LINES + 150);
  // Lines keep arriving (the fake prints one every 5 ms): the row read stays exactly where it was.
  for (let i = 0; i < 5; i++) {
    expect(await topRow(log)).toEqual(read);
    await page.waitForTimeout(100);
  }
  await expect(jump).toBeVisible();

  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  expect(await topRow(log)).toEqual(read);
  await jump.click();
  await expect(log.getByText("line 400", { exact: true })).toBeInViewport();
  await expect(jump).toBeHidden();
});

test("a link to a line near the start of a 100,000-line task opens there, without loading the lines between", async ({
  page,
}) => {
  const { taskId } = await seededTask(page, "Long transcript, linked");
  const log = page.getByRole("log", { name: "Task output" });
  const startedAt = Date.now();
  await page.goto(`/tasks/${taskId}#seq-5`);
  const marked = log.locator("[data-marked]");
  await expect(marked).toBeInViewport();
  console.log(`line 5 of ${LINES} on screen ${Date.now() - startedAt} ms after navigating`);
  await expect(marked.locator("#seq-5")).toHaveCount(1);
  // The task's length is known, though only the lines around line 5 are held so far.
  await expect(page.getByTestId("output-lines")).toHaveText(`${LINES.toLocaleString("en-US")} lines`);
  await expect(row(log, 1)).toBeAttached();

  // Back to the newest at once, not after every page between.
  await page.getByRole("button", { name: "Jump to latest ↓" }).click();
  await expect(row(log, LINES)).toBeInViewport({ timeout: 5_000 });
  await expect(row(log, LINES)).toContainText("Completed");
  await expect(page.getByRole("button", { name: "Jump to latest ↓" })).toBeHidden();
});
