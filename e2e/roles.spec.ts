import { expect, test } from "@playwright/test";
import { createContract, createRepository, startTask, taskIdOf } from "./support";

const VIEWER = { email: "viewer@makima.test", password: "the viewer's own password" };

test("a viewer added on Settings sets a password, watches a task live, and has no controls the server would accept", async ({
  page,
  browser,
  baseURL,
}) => {
  // The owner adds the viewer and gets the one-time password link.
  await page.goto("/settings");
  const users = page.getByRole("region", { name: "Users" });
  await users.getByLabel("Email", { exact: true }).fill(VIEWER.email);
  await users.getByLabel("Role", { exact: true }).selectOption("viewer");
  await users.getByRole("button", { name: "Add user" }).click();
  const link = await page.getByTestId("password-link").getByRole("textbox", { name: "Password link" }).inputValue();
  expect(link).toMatch(/\/set-password\?token=/);
  await expect(page.getByTestId("user-row").and(page.locator(`[data-email="${VIEWER.email}"]`))).toContainText(
    "active",
  );

  // A role that does not exist is a field error, not a crash.
  await users.getByLabel("Email", { exact: true }).fill("someone@makima.test");
  await users.getByLabel("Role", { exact: true }).evaluate((select: HTMLSelectElement) => {
    select.add(new Option("boss", "boss"));
    select.value = "boss";
  });
  await users.getByRole("button", { name: "Add user" }).click();
  await expect(users.getByText("Choose a role: viewer, member, admin, owner")).toBeVisible();
  await expect(users.getByLabel("Email", { exact: true })).toHaveValue("someone@makima.test");

  // The owner starts a task that prints for a while.
  await createContract(page, { name: "Watched by a viewer", repository: createRepository() });
  const contractUrl = page.url();
  await startTask(page, { name: "Slow work", plan: "scenario:slow" });
  const taskUrl = page.url();
  const taskId = taskIdOf(page);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await viewer.getByLabel("New password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Set password" }).click();
  await expect(viewer.getByRole("main").getByRole("status")).toContainText("Your password is set.");
  // The link works once.
  await viewer.goto(link);
  await viewer.getByLabel("New password").fill("yet another password");
  await viewer.getByRole("button", { name: "Set password" }).click();
  await expect(viewer.getByRole("main").getByRole("alert")).toContainText("This link is not valid");

  await viewer.goto(taskUrl);
  await expect(viewer).toHaveURL(/\/sign-in\?next=/);
  await viewer.getByLabel("Email").fill(VIEWER.email);
  await viewer.getByLabel("Password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer).toHaveURL(taskUrl);
  await expect(viewer.getByTestId("signed-in-as")).toContainText(`${VIEWER.email} · viewer`);

  // Live: the output grows while the viewer watches, and the end arrives without a reload.
  await expect(viewer.getByText("Live", { exact: true })).toBeVisible();
  await expect(viewer.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await expect(viewer.getByRole("log", { name: "Task output" })).toContainText("Completed");
  for (const name of ["Stop task", "Send"]) await expect(viewer.getByRole("button", { name })).toHaveCount(0);

  await viewer.goto(contractUrl);
  await expect(viewer.getByRole("heading", { name: "Watched by a viewer" })).toBeVisible();
  for (const name of ["Start task", "Delete contract", "Clean up worktrees", "Complete contract"]) {
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  }
  await viewer.goto("/");
  await expect(viewer.getByRole("link", { name: "New contract" })).toHaveCount(0);
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(
    0,
  );

  // And what the page hides, the server refuses: the viewer's own session cookie, from the dashboard's origin.
  const contractId = new URL(contractUrl).pathname.split("/").pop()!;
  const spawn = await context.request.post(`${baseURL}/api/v1/contracts/${contractId}/tasks`, {
    headers: { origin: baseURL! },
    data: { name: "sneaky", plan: "scenario:text" },
  });
  expect(spawn.status()).toBe(403);
  expect((await spawn.json()).error).toMatch(/^Your role \(viewer\) may not do this/);
  const read = await context.request.get(`${baseURL}/api/v1/tasks/${taskId}`);
  expect(read.status()).toBe(200);
  await context.close();

  // The owner's audit log says who did what.
  await page.goto("/audit");
  await expect(page.getByTestId("audit-event").and(page.locator('[data-action="user.create"]')).first()).toContainText(
    `Added ${VIEWER.email} as viewer`,
  );
  await expect(page.getByTestId("audit-event").and(page.locator('[data-action="task.create"]')).first()).toContainText(
    "Started task “Slow work”",
  );
});
