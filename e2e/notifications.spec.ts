import { expect, test } from "@playwright/test";
import {
  createContract,
  createRepository,
  loginBanner,
  loginsWithStatus,
  notificationsButton,
  openNotifications,
  startTask,
  taskIdOf,
  taskNotifications,
} from "./support";

/** The link the fake `claude setup-token` prints (test/fixtures/claude/setup-token.pty.txt). */
const LOGIN_URL = "https://claude.ai/oauth/authorize?I4ISIH366-rOV8Oa-cUfPenn17uS85Ue9_bJp_FuPaX4";

/*
 * The data folder is shared by the whole run, so these tests find other tests' notifications and logins: they pick
 * theirs by task (the "View task" link) or by the login's state. A login is stored on the daemon once it succeeds,
 * for the rest of the run: the "Login code" test uses `scenario:not-logged-in` (logged out whatever the token), and
 * only the login test, which needs a logged-out daemon to begin with, uses `scenario:needs-login`. It comes last: the
 * login it makes holds for the rest of the run.
 */

test("a dismissal disappears at once in every open browser and stays dismissed after a reload", async ({
  page,
  browser,
  baseURL,
}) => {
  await createContract(page, { name: "Dismiss me", repository: createRepository() });
  const contractUrl = page.url();
  await startTask(page, { name: "Finishes", plan: "scenario:text" });
  const completedId = taskIdOf(page);
  await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
  await page.goto(contractUrl);
  await startTask(page, { name: "Breaks", plan: "scenario:fail" });
  const failedId = taskIdOf(page);
  await expect(page.getByTestId("task-status").first()).toHaveText("failed");

  // Another browser, with the contract open.
  const otherContext = await browser.newContext({ baseURL });
  const other = await otherContext.newPage();
  await other.goto(contractUrl);

  const panelA = await openNotifications(page);
  const panelB = await openNotifications(other);
  for (const panel of [panelA, panelB]) {
    await expect(taskNotifications(panel, completedId, "task_completed")).toContainText("Task completed: Finishes");
    await expect(taskNotifications(panel, failedId, "task_failed")).toContainText("Task failed: Breaks");
  }

  // Dismissed in A: gone from B too, without a reload; B's badge follows.
  const before = Number(await other.getByTestId("notification-count").innerText());
  await taskNotifications(panelA, completedId).getByRole("button", { name: "Dismiss" }).click();
  await expect(taskNotifications(panelA, completedId)).toHaveCount(0);
  await expect(taskNotifications(panelB, completedId)).toHaveCount(0);
  await expect(taskNotifications(panelB, failedId)).toHaveCount(1);
  await expect(other.getByTestId("notification-count")).toHaveText(String(before - 1));

  // "Dismiss all" in B empties A.
  await panelB.getByRole("button", { name: "Dismiss all" }).click();
  for (const [p, panel] of [
    [page, panelA],
    [other, panelB],
  ] as const) {
    await expect(panel.getByTestId("notification")).toHaveCount(0);
    await expect(panel.getByText("No notifications")).toBeVisible();
    await expect(panel.getByRole("button", { name: "Dismiss all" })).toBeDisabled();
    await expect(p.getByTestId("notification-count")).toBeHidden();
    await expect(notificationsButton(p)).toHaveAccessibleName("Notifications");
  }

  // After a reload (once the list is fetched again) they stay dismissed.
  for (const p of [page, other]) {
    const fetched = p.waitForResponse(
      (response) => new URL(response.url()).pathname === "/api/notifications" && response.ok(),
    );
    await p.reload();
    await fetched;
    await expect(p.getByTestId("notification-count")).toBeHidden();
    await expect(notificationsButton(p)).toHaveAccessibleName("Notifications");
    const panel = await openNotifications(p);
    await expect(panel.getByText("No notifications")).toBeVisible();
    await expect(taskNotifications(panel, completedId)).toHaveCount(0);
    await expect(taskNotifications(panel, failedId)).toHaveCount(0);
  }
  await otherContext.close();
});

test.describe("Claude login", () => {
  test.afterEach(async ({ page }, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    // A test stopped half-way must not leave its login waiting: while one waits, the daemon starts no other.
    const waiting = loginsWithStatus(page, "waiting");
    if ((await waiting.count()) === 0) return;
    await waiting.first().getByLabel("Login code").fill("bad-cleanup");
    await waiting.first().getByRole("button", { name: "Submit code" }).click();
    await expect(waiting).toHaveCount(0);
  });

  test("the login code field refuses an empty, a too long or a garbled code and sends nothing", async ({ page }) => {
    await createContract(page, { name: "Login code checks", repository: createRepository() });
    await startTask(page, { name: "Logged out for the form", plan: "scenario:not-logged-in" });
    await expect(page.getByTestId("task-status").first()).toHaveText("failed");

    const login = loginsWithStatus(page, "waiting");
    await expect(login).toHaveCount(1);
    const field = login.getByLabel("Login code");
    const submit = login.getByRole("button", { name: "Submit code" });

    await submit.click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect.soft(field).toHaveAccessibleDescription("Paste the code the login page gave you");

    const long = "x".repeat(1500);
    await field.fill(long);
    await submit.click();
    await expect(field).toHaveAccessibleDescription("A login code is at most 1000 characters");
    await expect(field).toHaveValue(long);

    await field.fill("abc\u0007def");
    await submit.click();
    await expect(field).toHaveAccessibleDescription("A login code has only letters, digits and punctuation");

    // Nothing went to claude: the login still waits for its first code, and takes one now.
    await expect(login).toHaveCount(1);
    await expect(login.getByRole("link", { name: "Open the login page" })).toBeVisible();
    await field.fill("bad-after-all");
    await submit.click();
    await expect(login).toHaveCount(0);
    const newest = loginBanner(page).getByTestId("login").first();
    await expect(newest).toHaveAttribute("data-status", "failed");
    await expect(newest.getByRole("alert")).toContainText("Error: invalid code");
  });

  test("a bad login code fails the login; a pasted good one logs claude in and the task restarts and completes", async ({
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    await createContract(page, { name: "Needs a login", repository: createRepository() });
    const contractUrl = page.url();
    await startTask(page, { name: "Logged out", plan: "scenario:needs-login" });
    const firstTaskId = taskIdOf(page);
    await expect(page.getByTestId("task-status").first()).toHaveText("failed");
    await expect(page.getByRole("log", { name: "Task output" })).toContainText("Not logged in");

    // The banner asks for a login, with the link claude setup-token printed.
    const banner = loginBanner(page);
    const waiting = loginsWithStatus(page, "waiting");
    await expect(waiting).toHaveCount(1);
    await expect(waiting).toContainText("Claude on e2e-daemon needs a login");
    const link = waiting.getByRole("link", { name: "Open the login page" });
    await expect(link).toHaveAttribute("href", LOGIN_URL);
    await expect(link).toHaveAttribute("target", "_blank");
    // Clicking it opens the login page in a new tab (claude.ai is stubbed: these machines have no internet).
    await context.route("https://claude.ai/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<h1>Authorize Claude Code</h1>" }),
    );
    const popupOpened = page.waitForEvent("popup");
    await link.click();
    const loginTab = await popupOpened;
    await expect(loginTab).toHaveURL(LOGIN_URL);
    await loginTab.close();

    // The banner is on every page.
    await page.goto("/daemons");
    await expect(loginsWithStatus(page, "waiting")).toContainText("Claude on e2e-daemon needs a login");
    await page.goBack();

    // The Notifications badge counts; the panel has the login (with its link) and the failed task.
    const button = notificationsButton(page);
    await expect(button).toHaveAccessibleName(/^Notifications, \d+ unread$/);
    const panel = await openNotifications(page);
    const loginNotice = taskNotifications(panel, firstTaskId, "login_required");
    await expect(loginNotice).toHaveCount(1);
    await expect(loginNotice).toContainText("Claude login required on e2e-daemon");
    const noticeLink = loginNotice.getByRole("link", { name: "Open login page" });
    await expect(noticeLink).toHaveAttribute("href", LOGIN_URL);
    await expect(noticeLink).toHaveAttribute("target", "_blank");
    await expect(loginNotice.getByRole("link", { name: "View task" })).toBeVisible();
    const failedNotice = taskNotifications(panel, firstTaskId, "task_failed");
    await expect(failedNotice).toHaveCount(1);
    await expect(failedNotice).toContainText("Task failed: Logged out");
    const listed = await panel.getByTestId("notification").count();
    expect(listed).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId("notification-count")).toHaveText(String(listed));
    await expect(button).toHaveAccessibleName(`Notifications, ${listed} unread`);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();

    // A bad code: claude refuses it, and the login is over (a new link is needed).
    await waiting.getByLabel("Login code").fill("bad-code");
    await waiting.getByRole("button", { name: "Submit code" }).click();
    await expect(waiting).toHaveCount(0);
    const newest = banner.getByTestId("login").first();
    await expect(newest).toHaveAttribute("data-status", "failed");
    await expect(newest.getByRole("alert")).toContainText("Error: invalid code");
    await expect(newest.getByLabel("Login code")).toHaveCount(0);
    await expect(newest.getByRole("link", { name: "Open the login page" })).toHaveCount(0);

    // The next logged-out task brings a new link.
    await page.goto(contractUrl);
    await startTask(page, { name: "Logged out again", plan: "scenario:needs-login" });
    const secondTaskUrl = page.url();
    await expect(page.getByTestId("task-status").first()).toHaveText("failed");
    await expect(waiting).toHaveCount(1);
    await expect(waiting.getByRole("link", { name: "Open the login page" })).toHaveAttribute("href", LOGIN_URL);

    // Pasted as copied, with spaces and a line break: accepted.
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.evaluate(() => navigator.clipboard.writeText("  good code\n"));
    const field = waiting.getByLabel("Login code");
    await field.focus();
    await page.keyboard.press("ControlOrMeta+V");
    await expect(field).toHaveValue(/good code/);
    await waiting.getByRole("button", { name: "Submit code" }).click();
    await expect(waiting).toHaveCount(0);
    const loggedIn = banner.getByTestId("login").first();
    await expect(loggedIn).toHaveAttribute("data-status", "succeeded");
    await expect(loggedIn).toContainText("Claude on e2e-daemon is logged in");
    await expect(loggedIn.getByRole("status")).toContainText("Logged in on e2e-daemon");
    // The earlier failed login is moot now: the banner no longer shows it.
    await expect(loginsWithStatus(page, "failed")).toHaveCount(0);

    // "Restart task" starts the plan again as a new task, whose page opens; the login's token lets it complete.
    await loggedIn.getByRole("button", { name: "Restart task" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/tasks/") && url.href !== secondTaskUrl);
    await expect(page.getByRole("heading", { name: "Logged out again" })).toBeVisible();
    await expect(page.getByTestId("task-status").first()).toHaveText("completed", { timeout: 30_000 });
    await expect(page.getByRole("log", { name: "Task output" })).not.toContainText("Not logged in");
    // Its login has left the banner, in this page and after a reload.
    await expect(loginBanner(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId("task-status").first()).toHaveText("completed");
    await expect(loginBanner(page)).toHaveCount(0);
  });
});
