import { expect, test, type Page } from "@playwright/test";
import { createContract, createRepository, startTask } from "./support";

/**
 * The texts of the assistant lines the log shows, in order ("line 1" … "line 400" from the slow scenario), each row
 * once by its key: the log renders only the rows on screen, so it is read while scrolled from its top (once the older
 * lines are loaded) to its bottom.
 * Each message's text without its controls.
 */
async function shownLines(page: Page): Promise<string[]> {
  const log = page.getByRole("log", { name: "Task output" });
  // A page opens on the newest lines: the older ones come as the reader goes to its top (Home, as a person would: the
  // log's own scrolling never stops it following).
  await log.focus();
  await expect
    .poll(
      async () => {
        await page.keyboard.press("Home");
        return page.getByTestId("output-start").textContent();
      },
      { intervals: [200] },
    )
    .toBe("Beginning of output");
  const rows = await log.evaluate(async (element) => {
    const seen = new Map<string, string>();
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    element.scrollTop = 0;
    await frame();
    for (;;) {
      for (const row of element.querySelectorAll<HTMLElement>('[data-kind="assistantText"]')) {
        // The message's text, without its controls (the "source" toggle).
        const text = row.cloneNode(true) as HTMLElement;
        for (const control of text.querySelectorAll("button")) control.remove();
        seen.set(row.dataset.key!, text.textContent!.trim());
      }
      if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1) break;
      element.scrollTop += element.clientHeight / 2;
      await frame();
    }
    return [...seen];
  });
  const seq = ([key]: [string, string]) => Number(key.split(":")[0]);
  return rows.sort((a, b) => seq(a) - seq(b)).map(([, text]) => text);
}

/** How many lines the task has printed so far, as the log's header says. */
async function lineCount(page: Page): Promise<number> {
  return Number((await page.getByTestId("output-lines").textContent())?.replace(/\D/g, ""));
}

const expected = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);

test("a reload mid-stream shows every line once, with no gap", async ({ page }) => {
  await createContract(page, { name: "Reload mid-stream", repository: createRepository() });
  await startTask(page, { name: "Slow printer", plan: "scenario:slow" });
  const log = page.getByRole("log", { name: "Task output" });
  await expect.poll(() => lineCount(page)).toBeGreaterThanOrEqual(40);
  await page.reload();
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(log).toContainText("line 400");
  expect(await shownLines(page)).toEqual(expected);
});

test("a dropped browser connection resumes from the last line it had", async ({ page, context }) => {
  await createContract(page, { name: "Flaky wifi", repository: createRepository() });
  await startTask(page, { name: "Slow printer", plan: "scenario:slow" });
  const log = page.getByRole("log", { name: "Task output" });
  await expect.poll(() => lineCount(page)).toBeGreaterThanOrEqual(40);
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
