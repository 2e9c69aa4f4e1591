import { expect, test } from "@playwright/test";
import { createContract, createRepository } from "./support";

// The fake claude's `shell` scenario runs each `run <command>` line for real, as a supervisor's claude would.
const SUPERVISOR_PLAN = [
  "scenario:shell",
  'run makima contract report "Planned one task: hello.txt"',
  "run makima supervisor spawn \"Write hello\" $'scenario:edit\\nwrite hello.txt hi\\ncommit add hello'",
].join("\n");

test("a supervisor spawns a task and reports, waits for a message, answers it, and ends when stopped", async ({
  page,
}) => {
  await createContract(page, { name: "Supervised work", repository: createRepository() });
  const contractUrl = page.url();
  await page.getByLabel("Task name").fill("Lead");
  await page.getByLabel("Plan").fill(SUPERVISOR_PLAN);
  await page.getByLabel("Supervisor task").check();
  await page.getByRole("button", { name: "Start task", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Lead" })).toBeVisible();

  // Its claude ran the commands and exited: the supervisor waits for input instead of completing.
  const status = page.getByTestId("task-status").first();
  await expect(status).toHaveText("waiting for input", { timeout: 30_000 });
  await expect(page.getByText("The supervisor is waiting for input")).toBeVisible();
  const log = page.getByRole("log", { name: "Task output" });
  await expect(log).toContainText("makima contract report");

  // The contract page shows the spawned task, the supervisor's marker and the report.
  const contractPage = await page.context().newPage();
  await contractPage.goto(contractUrl);
  const spawned = contractPage.getByTestId("task-row").filter({ hasText: "Write hello" });
  await expect(spawned.getByTestId("task-status")).toHaveText("completed", { timeout: 30_000 });
  await expect(contractPage.getByTestId("task-row").filter({ hasText: "Lead" })).toContainText("supervisor");
  await expect(contractPage.getByText("Planned one task: hello.txt")).toBeVisible();

  // A message runs claude again on the same conversation.
  await page.getByLabel("Message").fill("run makima supervisor tree");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(log).toContainText("Write hello", { timeout: 30_000 });
  await expect(log).toContainText("└─");
  await expect(status).toHaveText("waiting for input", { timeout: 30_000 });

  await page.getByRole("button", { name: "Stop task" }).click();
  await expect(status).toHaveText("completed", { timeout: 30_000 });
});
