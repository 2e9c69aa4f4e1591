import { expect, test, type Browser } from "@playwright/test";
import { E2E_OWNER } from "../playwright.config";
import { createContract, createRepository, startTask } from "./support";

/** A browser context with nobody signed in. */
async function anonymousPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test("an anonymous visitor is sent to /sign-in and back where they were going after it", async ({ browser }) => {
  const { context, page } = await anonymousPage(browser);
  await page.goto("/settings?taskKeys=show");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%3FtaskKeys%3Dshow$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(E2E_OWNER.email);
  await page.getByLabel("Password").fill(E2E_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\?taskKeys=show$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await context.close();
});

test("a forged session cookie leads to /sign-in too", async ({ browser, baseURL }) => {
  const { context, page } = await anonymousPage(browser);
  await context.addCookies([{ name: "better-auth.session_token", value: "forged.token", url: baseURL! }]);
  await page.goto("/daemons");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdaemons$/);
  await context.close();
});

test("signing out in one tab ends the other tab's live view", async ({ browser }) => {
  const { context, page } = await anonymousPage(browser);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_OWNER.email);
  await page.getByLabel("Password").fill(E2E_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Contracts", level: 1 })).toBeVisible();

  await createContract(page, { name: "Sign-out contract", repository: createRepository() });
  await startTask(page, { name: "Watched task", plan: "scenario:slow" });
  const watching = await context.newPage();
  await watching.goto(page.url());
  await expect(watching.getByText("Live", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  // The other tab's socket is dropped by the server, and the tab goes to the sign-in page.
  await expect(watching).toHaveURL(/\/sign-in\?next=%2Ftasks%2F/);
  await context.close();
});

test("Settings lists the person's sessions, and Revoke signs that browser out", async ({ page, browser }) => {
  const { context, page: other } = await anonymousPage(browser);
  await other.goto("/sign-in?next=%2Fdaemons");
  await other.getByLabel("Email").fill(E2E_OWNER.email);
  await other.getByLabel("Password").fill(E2E_OWNER.password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("heading", { name: "Daemons", level: 1 })).toBeVisible();

  await page.goto("/settings");
  const sessions = page.getByRole("region", { name: "Sessions" }).getByTestId("session-row");
  await expect(sessions.filter({ hasText: "(this browser)" })).toHaveCount(1);
  const others = sessions.filter({ hasNotText: "(this browser)" });
  const before = await others.count();
  expect(before).toBeGreaterThan(0);
  // The newest other session is the one just made; each row says from where and when.
  await expect(others.first()).toContainText("from 127.0.0.1");
  await others.first().getByRole("button", { name: "Revoke" }).click();
  await expect(others).toHaveCount(before - 1);

  // That browser's live page is dropped by the server and goes to the sign-in page.
  await expect(other).toHaveURL(/\/sign-in\?next=%2Fdaemons$/);
  await context.close();
});
