import { expect, test, type Page } from "@playwright/test";
import { E2E_OWNER } from "../playwright.config";
import { createRepository, openNotifications, startTask, taskIdOf, taskNotifications } from "./support";

/*
 * Issue 13, "Ask before acting": claude asks before using a tool, and the task page shows each request as a card
 * (a region labelled "Approval needed: <title>") until someone answers it; then it turns into its history line
 * ("Allowed by … at 14:02"). The fake claude's asking scenarios (scripts/fake-claude.mjs, "Permissions") ask as
 * claude 2.1 does with `--permission-prompt-tool stdio`; the contract asks before every tool.
 */

const OWNER = E2E_OWNER.email.replace(/[.]/g, "\\.");
/** "Allowed by owner@makima.test at 14:02" (the time as the page shows it). */
const answeredBy = (verb: string) => new RegExp(`${verb} by ${OWNER} at \\d\\d:\\d\\d`);

/** A contract on a fresh repository whose tasks ask before every tool. */
async function createAskingContract(page: Page, name: string): Promise<void> {
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Made by an end-to-end test");
  await page.getByLabel("Repository").fill(createRepository());
  await page.getByLabel("Permissions").selectOption({ label: "Ask before every tool" });
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

const card = (page: Page, title: string) => page.getByRole("region", { name: `Approval needed: ${title}` });
const taskOutput = (page: Page) => page.getByRole("log", { name: "Task output" });
const history = (page: Page) => page.getByTestId("approval-history");

test("a Bash command runs once allowed, and its card becomes its history line", async ({ page }) => {
  await createAskingContract(page, "Ask before running");
  await startTask(page, { name: "Run one command", plan: "scenario:ask-bash" });

  const request = card(page, "Run a command");
  await expect(request).toBeVisible();
  await expect(request).toContainText("echo approved-run");
  await expect(request).toContainText("This command requires approval");
  // The rule "Allow always" would add: claude's suggestion, the command's first word.
  await expect(request.getByRole("button", { name: "Allow always" })).toHaveAttribute("title", /Bash\(echo:\*\)/);

  await request.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(request).toHaveCount(0);
  await expect(history(page).filter({ hasText: "echo approved-run" })).toHaveText(answeredBy("Allowed"));
  await expect(taskOutput(page)).toContainText("Ran: echo approved-run");
  await expect(page.getByTestId("task-status").first()).toHaveText("completed");
});

test("an edit denied with a message is not made, and claude gets the message", async ({ page }) => {
  await createAskingContract(page, "Ask before editing");
  await startTask(page, { name: "Edit the notes", plan: "scenario:ask-edit" });

  const request = card(page, "Edit a file");
  await expect(request).toContainText("notes.txt");
  // The diff preview: the old line removed, the new one added.
  const diff = request.getByRole("table", { name: /^Changes to .*notes\.txt$/ });
  await expect(diff).toContainText("old line");
  await expect(diff).toContainText("new line");

  await request.getByLabel("Message for claude").fill("Leave the notes alone");
  await request.getByRole("button", { name: "Deny" }).click();
  await expect(request).toHaveCount(0);
  await expect(history(page).filter({ hasText: "notes.txt" })).toHaveText(answeredBy("Denied"));
  await expect(taskOutput(page)).toContainText("Did not edit: notes.txt (Leave the notes alone)");
});

test("a question is answered with its option buttons", async ({ page }) => {
  await createAskingContract(page, "Ask a question");
  await startTask(page, { name: "Choose a database", plan: "scenario:ask-question" });

  const request = card(page, "Answer 2 questions");
  await expect(request).toContainText("Which database should I use?");
  const send = request.getByRole("button", { name: "Send answers" });
  await expect(send).toBeDisabled();

  const database = request.getByRole("group", { name: "Which database should I use?" });
  const features = request.getByRole("group", { name: "Which features?" });
  await database.getByRole("button", { name: "SQLite" }).click();
  await expect(database.getByRole("button", { name: "SQLite" })).toHaveAttribute("aria-pressed", "true");
  await expect(send).toBeDisabled();
  await features.getByRole("button", { name: "Tests" }).click();
  await features.getByRole("button", { name: "CI" }).click();
  await expect(send).toBeEnabled();

  await send.click();
  await expect(request).toHaveCount(0);
  await expect(history(page).filter({ hasText: "Which database should I use?" })).toHaveText(answeredBy("Answered"));
  await expect(taskOutput(page)).toContainText(
    "Answers: Which database should I use? = SQLite; Which features? = Tests, CI",
  );
});

test("a plan is approved, and claude carries it out editing without asking", async ({ page }) => {
  await createAskingContract(page, "Plan first");
  await startTask(page, { name: "Write hello", plan: "scenario:plan" });

  const request = card(page, "Approve a plan");
  await expect(request.getByTestId("approval-plan")).toContainText("Write hello.txt");
  await expect(request.getByTestId("approval-plan")).toContainText("Commit it");

  await request.getByRole("button", { name: "Approve plan" }).click();
  await expect(request).toHaveCount(0);
  await expect(history(page).first()).toHaveText(answeredBy("Approved"));
  await expect(taskOutput(page)).toContainText("Plan approved; mode acceptEdits");
  await expect(taskOutput(page)).toContainText("Wrote hello.txt");
  // The Write after the plan was not asked: no card came.
  await expect(card(page, "Write a file")).toHaveCount(0);
});

test("a plan sent back with a message comes again, revised", async ({ page }) => {
  await createAskingContract(page, "Plan again");
  await startTask(page, { name: "Revise the plan", plan: "scenario:plan" });

  const request = card(page, "Approve a plan");
  await request.getByLabel("Message for claude").fill("Add a test step");
  await request.getByRole("button", { name: "Keep planning" }).click();
  await expect(history(page).first()).toHaveText(answeredBy("Sent back"));
  await expect(taskOutput(page)).toContainText("Keep planning: Add a test step");
  await expect(card(page, "Approve a plan").getByTestId("approval-plan")).toContainText("Changed for: Add a test step");
});

test("a lone tool request is answered from the notifications panel", async ({ page }) => {
  await createAskingContract(page, "Answer from the panel");
  await startTask(page, { name: "Run from the panel", plan: "scenario:ask-bash" });
  const taskId = taskIdOf(page);
  await expect(card(page, "Run a command")).toBeVisible();

  // The panel answers in place while the task's page is open (it holds the task's requests).
  const panel = await openNotifications(page);
  const notice = taskNotifications(panel, taskId, "approval_needed");
  await expect(notice).toContainText("Claude needs your approval");
  await expect(notice).toContainText("echo approved-run");
  await notice.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(notice).toContainText("Allowed.");

  await expect(card(page, "Run a command")).toHaveCount(0);
  await expect(history(page).filter({ hasText: "echo approved-run" })).toHaveText(answeredBy("Allowed"));
  await expect(taskOutput(page)).toContainText("Ran: echo approved-run");
});

test("on another page the panel answers a lone tool request, and a question leads to its card", async ({ page }) => {
  await createAskingContract(page, "Answer from elsewhere");
  const contractUrl = page.url();
  await startTask(page, { name: "Deny from the panel", plan: "scenario:ask-bash" });
  const bashTask = taskIdOf(page);
  await expect(card(page, "Run a command")).toBeVisible();

  // Away from the task, the panel asks the API for the task's requests.
  await page.goto("/");
  let panel = await openNotifications(page);
  const notice = taskNotifications(panel, bashTask, "approval_needed");
  await notice.getByRole("button", { name: "Deny", exact: true }).click();
  await expect(notice).toContainText("Denied.");
  await page.goto(`/tasks/${bashTask}`);
  await expect(taskOutput(page)).toContainText("Did not run: echo approved-run");

  // A question needs its card: the panel links to it.
  await page.goto(contractUrl);
  await startTask(page, { name: "Ask me", plan: "scenario:ask-question" });
  const questionTask = taskIdOf(page);
  await expect(card(page, "Answer 2 questions")).toBeVisible();
  await page.goto("/");
  panel = await openNotifications(page);
  const question = taskNotifications(panel, questionTask, "question_asked");
  await expect(question.getByRole("button", { name: "Allow", exact: true })).toHaveCount(0);
  await question.getByRole("link", { name: "Review" }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${questionTask}#approvals$`));
  await expect(card(page, "Answer 2 questions")).toBeVisible();
});

test("an answer given in another browser shows who answered", async ({ page, context }) => {
  await createAskingContract(page, "Answered elsewhere");
  await startTask(page, { name: "Two browsers", plan: "scenario:ask-bash" });
  const other = await context.newPage();
  await other.goto(page.url());

  await card(other, "Run a command").getByRole("button", { name: "Deny" }).click();
  await expect(card(page, "Run a command")).toHaveCount(0);
  await expect(history(page).filter({ hasText: "echo approved-run" })).toHaveText(answeredBy("Denied"));
  await expect(taskOutput(page)).toContainText("Did not run: echo approved-run");
});
