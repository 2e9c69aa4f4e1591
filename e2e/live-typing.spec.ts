import { expect, test } from "@playwright/test";
import { createContract, createRepository, startTask } from "./support";

/** The last words of the message the fake claude types (scenario `typing`, 150 ms between deltas of 8 characters). */
const LAST_WORDS = "Every word shows as soon as it is written.";

test("claude's message shows as it is written, then once as the final message", async ({ page }) => {
  await createContract(page, { name: "Live typing", repository: createRepository() });
  await startTask(page, { name: "Type slowly", plan: "scenario:typing" });

  const log = page.getByRole("log", { name: "Task output" });
  const typing = log.getByTestId("live-message").filter({ hasText: "Here is the plan" });
  const finals = log.locator('[data-kind="assistantText"]');

  // Partial text, before the final message is stored: it grows, as markdown, while nothing stored shows it.
  await expect(typing).toBeVisible();
  await expect(finals).toHaveCount(0);
  await expect(typing).not.toContainText(LAST_WORDS);
  await expect(typing).toContainText("Write the tests");
  await expect(typing.locator("strong")).toHaveText("Read");
  await expect(finals).toHaveCount(0);

  // The final message replaces what was shown while typing: once, and no raw JSON of the deltas anywhere.
  await expect(finals).toHaveCount(1);
  await expect(finals).toContainText(LAST_WORDS);
  await expect(typing).toHaveCount(0);

  // Then a delta for a block that never started: shown as the text it is, running nothing, until the result.
  await expect(log.getByTestId("live-message").filter({ hasText: "<script>window.__pwned=1</script>" })).toHaveCount(1);
  await expect(page.getByTestId("task-status").first()).toHaveText("completed");
  await expect(log.getByTestId("live-message")).toHaveCount(0);
  await expect(log.getByText(LAST_WORDS)).toHaveCount(1);
  await expect(log).not.toContainText("stream_event");
  await expect(log).not.toContainText("content_block_delta");
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(log.locator("img")).toHaveCount(0);

  // After a reload, the stored output alone: the same message, once.
  await page.reload();
  await expect(log.getByText(LAST_WORDS)).toHaveCount(1);
  await expect(log).not.toContainText("stream_event");
});
