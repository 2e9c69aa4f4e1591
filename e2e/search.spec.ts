import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import { openDatabase, seedTask } from "../test/support/seed-output";
import { createContract, createRepository } from "./support";

/**
 * Finding one's way in a long output: search on the server finds lines the page has not loaded, goes to each hit
 * (loading the pages down to it), a link opens the view at an entry, an entry's raw JSON is copied, and the whole log
 * downloads. The task is seeded straight into the database (test/support/seed-output.ts), a few of its old lines
 * given words found nowhere else.
 */
const LINES = 12_000;
/** Old text lines (seq % 4 == 2 are texts in the seeded transcript), far above the newest page. */
const UNIQUE_SEQ = 10;
const PAIR_SEQS = [14, 18];

test.describe.configure({ timeout: 120_000 });

const textLine = (seq: number, words: string) =>
  JSON.stringify({
    type: "assistant",
    message: { role: "assistant", content: [{ type: "text", text: `Step ${seq}: ${words}` }] },
  });

async function seededTask(page: Page): Promise<string> {
  await createContract(page, { name: "Searchable", repository: createRepository() });
  const contractId = decodeURIComponent(page.url().split("/contracts/")[1]);
  const db = openDatabase(path.join(E2E_DATA_DIR, "makima.db"));
  try {
    const taskId = seedTask(db, { contractId, name: "Long and searchable", lines: LINES });
    const update = db.prepare(`UPDATE TaskOutput SET line = ? WHERE taskId = ? AND seq = ?`);
    update.run(textLine(UNIQUE_SEQ, "the zanzibar marker is here"), taskId, UNIQUE_SEQ);
    for (const seq of PAIR_SEQS) update.run(textLine(seq, "a quokka was seen"), taskId, seq);
    return taskId;
  } finally {
    db.close();
  }
}

test("search finds an old line not loaded, goes to each hit, links, copies and downloads", async ({
  page,
  context,
}) => {
  const taskId = await seededTask(page);
  await page.goto(`/tasks/${taskId}`);
  const log = page.getByRole("log", { name: "Task output" });
  await expect(log.locator(`[data-key="${LINES}:0"]`)).toBeInViewport();
  // The old lines are not in the page.
  await expect(log.locator(`#seq-${UNIQUE_SEQ}`)).toHaveCount(0);

  await page.getByRole("button", { name: "Search", exact: true }).click();
  const input = page.getByLabel("Search output");
  const count = page.getByTestId("search-count");
  await input.fill("zanzibar");
  await expect(count).toHaveText("1 match");
  await input.press("Enter");
  await expect(count).toHaveText("1 of 1");
  const marked = log.locator("[data-marked]");
  await expect(marked).toBeInViewport({ timeout: 30_000 });
  await expect(marked).toContainText("the zanzibar marker is here");
  await expect(marked.locator(`#seq-${UNIQUE_SEQ}`)).toHaveCount(1);

  // Next and Previous, in seq order, round from the last to the first.
  await input.fill("quokka");
  await expect(count).toHaveText("2 matches");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(count).toHaveText("1 of 2");
  await expect(marked).toContainText(`Step ${PAIR_SEQS[0]}: a quokka was seen`);
  await expect(marked).toBeInViewport();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(count).toHaveText("2 of 2");
  await expect(marked).toContainText(`Step ${PAIR_SEQS[1]}:`);
  await expect(marked).toBeInViewport();
  await page.getByRole("button", { name: "Previous", exact: true }).click();
  await expect(count).toHaveText("1 of 2");
  await expect(marked).toContainText(`Step ${PAIR_SEQS[0]}:`);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(count).toHaveText("1 of 2");
  await input.press("Escape");
  await expect(input).toBeHidden();

  // Copy raw JSON: the line as stored.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await marked.hover();
  await marked.getByRole("button", { name: "Copy raw JSON" }).click();
  await expect(marked.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(textLine(PAIR_SEQS[0], "a quokka was seen"));
  // Its link is the page's address at the entry.
  await expect(marked.getByRole("link", { name: `Link to line ${PAIR_SEQS[0]}` })).toHaveAttribute(
    "href",
    `#seq-${PAIR_SEQS[0]}`,
  );

  // Download log: every stored line, as printed, in seq order.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download log" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`task-${taskId}.jsonl`);
  const lines = fs.readFileSync((await download.path())!, "utf8").split("\n");
  expect(lines.pop()).toBe("");
  expect(lines).toHaveLength(LINES);
  expect(lines[UNIQUE_SEQ - 1]).toBe(textLine(UNIQUE_SEQ, "the zanzibar marker is here"));
  expect(JSON.parse(lines[LINES - 1])).toMatchObject({ type: "result" });
});

test("a link to an entry opens the view there, marked", async ({ page, context }) => {
  const taskId = await seededTask(page);
  const other = await context.newPage();
  await other.goto(`/tasks/${taskId}#seq-${PAIR_SEQS[1]}`);
  const log = other.getByRole("log", { name: "Task output" });
  const entry = log.locator(`#seq-${PAIR_SEQS[1]}`);
  await expect(entry).toBeInViewport({ timeout: 30_000 });
  await expect(entry).toContainText(`Step ${PAIR_SEQS[1]}: a quokka was seen`);
  await expect(log.locator("[data-marked]")).toContainText(`Step ${PAIR_SEQS[1]}:`);

  // The filters: Tools shows tool calls only.
  await other.getByRole("button", { name: "Tools", exact: true }).click();
  await expect(log.locator('[data-index] > [data-kind="assistantText"]')).toHaveCount(0);
  await expect(log.locator('[data-index] > [data-kind="toolUse"]').first()).toBeVisible();
  await other.getByRole("button", { name: "Tools", exact: true }).click();
  await expect(log.locator('[data-index] > [data-kind="assistantText"]').first()).toBeAttached();
});
