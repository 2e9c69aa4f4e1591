import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_DATA_DIR, E2E_OWNER_STATE } from "../playwright.config";
import { openDatabase, seedTask } from "../test/support/seed-output";
import { REAL_STREAMS, realStream, type RealStream } from "../test/support/real-streams";
import { createContract, createRepository, startTask } from "./support";

/**
 * The task view reads as a conversation: recorded transcripts of the real CLI (test/fixtures/claude/real-streams),
 * stored as a task's output, shown as a person reads them — markdown, checklists, diffs, commands, subagents nested
 * under the call that started them.
 */

let tasks: Record<RealStream, string>;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: E2E_OWNER_STATE, baseURL: test.info().project.use.baseURL });
  await createContract(page, { name: "Recorded transcripts", repository: createRepository() });
  const contractId = decodeURIComponent(page.url().split("/contracts/")[1]);
  await page.close();
  const db = openDatabase(path.join(E2E_DATA_DIR, "makima.db"));
  try {
    tasks = Object.fromEntries(
      REAL_STREAMS.map((name) => [name, seedTask(db, { contractId, name, lines: realStream(name) })]),
    ) as Record<RealStream, string>;
  } finally {
    db.close();
  }
});

async function openTask(page: Page, name: RealStream): Promise<Locator> {
  await page.goto(`/tasks/${tasks[name]}`);
  const log = page.getByRole("log", { name: "Task output" });
  await expect(page.getByTestId("output-start")).toHaveText("Beginning of output");
  return log;
}

/** Pages through the log from its top until `target` is rendered (only rows near the view are), then shows it. */
async function reveal(page: Page, log: Locator, target: Locator): Promise<Locator> {
  await log.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < 60 && (await target.count()) === 0; i++) {
    await page.keyboard.press("PageDown");
    await page.waitForTimeout(50);
  }
  await target.first().scrollIntoViewIfNeeded();
  await expect(target.first()).toBeVisible();
  return target.first();
}

test("assistant markdown is a document: headings, bold, lists; never the raw ** and ##", async ({ page }) => {
  const log = await openTask(page, "claude-clean_v2.0.25_diagnostic-subagents");
  // The newest entries are on screen at once: the closing question, in bold.
  await expect(log.locator("strong", { hasText: "My question for you:" })).toBeVisible();
  await expect(log.getByText("**My question for you:**")).toHaveCount(0);

  const summary = await openTask(page, "claude-clean_v2.0.25_build-go-parser");
  await expect(summary.getByRole("heading", { name: "Summary" })).toBeVisible();
  await expect(summary.getByText("## Summary")).toHaveCount(0);
  await expect(summary.getByRole("heading", { name: "What it does:" })).toBeVisible();
});

test("TodoWrite is a checklist, each call where it was made, in progress items by what is being done", async ({
  page,
}) => {
  const log = await openTask(page, "claude-clean_v2.0.25_build-go-parser");
  const first = await reveal(page, log, log.locator("[data-todos]"));
  await expect(first.locator('li[data-status="in_progress"]')).toHaveText(
    "▸in progress: Exploring repository structure",
  );
  await expect(first.locator('li[data-status="pending"]').first()).toHaveText(
    "○pending: Examine the stream-json log file to understand the format",
  );
  await expect(log.getByText(/^Todo list · 0 of \d+ done$/).first()).toBeVisible();
  // No generic tool call with the raw input for it.
  await expect(log.getByText('"activeForm"')).toHaveCount(0);
});

test("Edit is a diff of the old and new text; Bash shows its command; Read is one compact line", async ({ page }) => {
  const edits = await openTask(page, "terragon_v1.0.x_edit");
  const diff = await reveal(page, edits, edits.locator("[data-diff]"));
  await expect(diff.locator('[data-line="del"]').first()).toHaveText("-    // Auto-resize textarea");
  await expect(diff.locator('[data-line="add"]').first()).toHaveText(
    "+    // Auto-resize textarea (TEST EDIT - SUCCESSFUL)",
  );
  // The unchanged lines around the change are not marked.
  await expect(diff.locator('[data-line="same"]', { hasText: "const textarea = event.target;" })).toHaveCount(1);

  const run = await openTask(page, "claude-clean_v2.0.25_build-go-parser");
  await expect(await reveal(page, run, run.getByText("ls -la", { exact: true }))).toBeVisible();
  const read = await reveal(page, run, run.locator('[data-tool="compact"]', { hasText: "claude-stream-json-log.log" }));
  await expect(read).toContainText("Read");
});

test("a subagent's steps are nested under the Task call that started it", async ({ page }) => {
  const log = await openTask(page, "claude-clean_v2.0.25_diagnostic-subagents");
  const call = await reveal(page, log, log.locator("[data-kind]", { hasText: "Explore: Explore codebase structure" }));
  await call.getByText(/^subagent · \d+ steps$/).click();
  const nested = call.locator("[data-subagent]");
  await expect(nested.getByText("ls -la /home/ari/repos/claude-code-clean-output", { exact: true })).toBeVisible();
  // The other subagent's steps are under its own call, not this one.
  await expect(nested.getByText("**/*_test.go")).toHaveCount(0);
  // And none of them is a row of its own in the main conversation.
  await expect(log.locator("[data-index] > [data-subagent-entry]")).toHaveCount(0);
});

test("hostile and huge output renders, bounded, and runs nothing", async ({ page }) => {
  const message = (content: unknown[], role: "assistant" | "user" = "assistant") =>
    JSON.stringify({ type: role, message: { id: `msg_${Math.random()}`, role, content }, parent_tool_use_id: null });
  const text = (value: string) => message([{ type: "text", text: value }]);
  const lines = [
    text(`# A megabyte\n\n${"word **bold** and `code` ".repeat(44_000)}`),
    text(`| n | name |\n|---|---|\n${Array.from({ length: 5000 }, (_, i) => `| ${i} | row ${i} |`).join("\n")}`),
    text(Array.from({ length: 300 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n")),
    message([{ type: "tool_use", id: "toolu_img", name: "Read", input: { file_path: "/tmp/picture.png" } }]),
    message(
      [
        {
          type: "tool_result",
          tool_use_id: "toolu_img",
          content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "%%% not base64" } }],
        },
      ],
      "user",
    ),
    message([{ type: "tool_use", id: "toolu_sh", name: "Bash", input: { command: "make" } }]),
    message(
      [{ type: "tool_result", tool_use_id: "toolu_sh", content: "\x1b[2J\x1b[Hcleared \x1b[31mred\x1b[0m\x1b[5Aup" }],
      "user",
    ),
    JSON.stringify({
      type: "stream_event",
      event: { type: "content_block_delta", index: 7, delta: { type: "text_delta", text: "orphan" } },
    }),
    text(
      'Last: <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> [click me](javascript:window.__pwned=3)',
    ),
  ];
  await createContract(page, { name: "Hostile output", repository: createRepository() });
  const contractId = decodeURIComponent(page.url().split("/contracts/")[1]);
  const db = openDatabase(path.join(E2E_DATA_DIR, "makima.db"));
  const taskId = seedTask(db, { contractId, name: "Hostile output", lines });
  db.close();

  await page.goto(`/tasks/${taskId}`);
  const log = page.getByRole("log", { name: "Task output" });
  // Raw HTML is shown as the text it is, and the javascript: link is no link.
  await expect(log.getByText(/Last: <img src=x onerror=/)).toBeVisible();
  await log.getByText("click me").click();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(log.getByRole("link", { name: "click me" })).toHaveCount(0);

  const read = await reveal(page, log, log.locator('[data-tool="compact"]', { hasText: "/tmp/picture.png" }));
  await read.getByText("/tmp/picture.png").click();
  await expect(read.getByText("[image not shown: the data is not valid base64]")).toBeVisible();
  // Colours drawn, the escapes that clear the screen and move the cursor taken out.
  const terminal = (await reveal(page, log, log.getByText(/cleared/))).locator("..");
  await expect(terminal).toHaveText(/^cleared red\s*up$/);
  const colour = (text: string) =>
    terminal.getByText(text, { exact: true }).evaluate((element) => getComputedStyle(element).color);
  expect(await colour("red")).not.toBe(await colour("cleared"));
  await expect(await reveal(page, log, log.getByRole("heading", { name: "A megabyte" }))).toBeVisible();
  await expect(await reveal(page, log, log.getByRole("cell", { name: "row 0", exact: true }))).toBeVisible();
  await expect(await reveal(page, log, log.getByText(/nested \d+ levels deep|nested too deeply/))).toBeVisible();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("while the task runs, its current todo list is pinned above the output and ticked off in place", async ({
  page,
}) => {
  await createContract(page, { name: "Todo list", repository: createRepository() });
  await startTask(page, { name: "Three things", plan: "scenario:todos" });
  const pinned = page.locator("[data-pinned-todos]");
  await expect(pinned).toContainText("Todo list · 0 of 3 done · Doing: read the code");
  await expect(pinned).toContainText("Todo list · 1 of 3 done · Doing: write the tests");
  await expect(pinned.locator('li[data-status="completed"]')).toHaveText(["✓completed: Read the code"]);
  // One pinned list, however many TodoWrite calls made it.
  await expect(pinned).toHaveCount(1);
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(pinned).toHaveCount(0);
});
