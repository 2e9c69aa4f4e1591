import { expect, test, type Page } from "@playwright/test";

/** The "New API key" form (the Users section on the same page has a Name field too). */
function newKeyForm(page: Page) {
  return page.getByRole("form", { name: "New API key" });
}

function keyRow(page: Page, name: string) {
  return page.getByTestId("api-key-row").filter({ has: page.getByRole("cell", { name, exact: true }) });
}

async function createKey(page: Page, name: string, scope: "cli" | "daemon" = "cli"): Promise<string> {
  await newKeyForm(page).getByLabel("Name").fill(name);
  await newKeyForm(page).getByLabel("Scope").selectOption(scope);
  await page.getByRole("button", { name: "Create key" }).click();
  const box = page.getByTestId("new-api-key");
  await expect(box).toBeVisible();
  return box.getByRole("textbox", { name: "Your new key" }).inputValue();
}

test("an API key is shown once with a Copy button, listed by its prefix, and revoked after a confirm", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/^Settings/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  const key = await createKey(page, "E2E scripts", "cli");
  const box = page.getByTestId("new-api-key");
  await expect(box).toHaveAttribute("role", "status");
  await expect(box).toContainText("Copy this key now: it is not shown again.");
  expect(key).toMatch(/^mk_[A-Za-z0-9_-]{20,}$/);
  await box.getByRole("button", { name: "Copy" }).click();
  await expect(box).toContainText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  // The form is ready for another key.
  await expect(newKeyForm(page).getByLabel("Name")).toHaveValue("");

  const row = keyRow(page, "E2E scripts");
  await expect(row).toContainText("cli");
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 9)}…`);
  await expect(row.getByTestId("api-key-status")).toHaveText("active");
  await expect(row).toContainText("never");

  // Reloading loses the key for good: it is in neither the page nor its HTML.
  await page.reload();
  await expect(keyRow(page, "E2E scripts")).toBeVisible();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  // Revoking asks first; Cancel leaves the key alone.
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = row.getByRole("group");
  await expect(confirm).toHaveAccessibleName("Revoke E2E scripts? Daemons or scripts using it stop working.");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText("active");

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText(/^revoked \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await page.reload();
  await expect(keyRow(page, "E2E scripts").getByTestId("api-key-status")).toHaveText(/^revoked /);
});

test("a daemon key is listed newest first, and the local daemon's key warns before it is revoked", async ({ page }) => {
  await page.goto("/settings");
  const local = keyRow(page, "local daemon (npm start)");
  await expect(local.getByTestId("api-key-status")).toHaveText("active");

  await createKey(page, "E2E build box", "daemon");
  await expect(page.getByTestId("api-key-row").first()).toContainText("E2E build box");
  await expect(keyRow(page, "E2E build box")).toContainText("daemon");

  await local.getByRole("button", { name: "Revoke" }).click();
  const confirm = local.getByRole("group");
  await expect(confirm).toContainText("Revoke local daemon (npm start)? Daemons or scripts using it stop working.");
  await expect(confirm).toContainText(
    "the local daemon will disconnect and cannot connect again until the next npm start",
  );
  // Cancelled: the other end-to-end tests need the local daemon.
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(local.getByTestId("api-key-status")).toHaveText("active");
});

test("an empty name shows an error under the field and makes no key", async ({ page }) => {
  await page.goto("/settings");
  const rows = await page.getByTestId("api-key-row").count();
  await newKeyForm(page).getByLabel("Name").fill("   ");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("#api-key-name-error")).toHaveText("Name is required");
  await expect(newKeyForm(page).getByLabel("Name")).toHaveAttribute("aria-describedby", /api-key-name-error/);
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("api-key-row")).toHaveCount(rows);
});
