import { expect, test, type Page } from "@playwright/test";
import { createRepository } from "./support";

/** The contract page's list of allowed tools, and one rule's row in it. */
const allowedTools = (page: Page) => page.getByRole("list", { name: "Allowed tools" });
const ruleRow = (page: Page, rule: string) =>
  allowedTools(page)
    .getByTestId("allow-rule")
    .filter({ has: page.getByText(rule, { exact: true }) });

test("a contract made with its permissions shows them, and its allowed tools are removed and added on its page", async ({
  page,
}) => {
  await page.goto("/contracts/new");
  const permissions = page.getByLabel("Permissions");
  await expect(permissions).toHaveValue("acceptEdits");
  await expect(permissions.locator("option:checked")).toHaveText("Ask before commands, allow edits");
  // The one that never asks says so as soon as it is picked.
  await permissions.selectOption({ label: "Allow everything (no prompts)" });
  await expect(page.getByTestId("bypass-warning")).toContainText("without asking");
  await permissions.selectOption({ label: "Ask before every tool" });
  await expect(page.getByTestId("bypass-warning")).toHaveCount(0);

  await page.getByLabel("Name").fill("Careful contract");
  await page.getByLabel("Repository").fill(createRepository());
  await page.getByLabel("Allowed tools").fill("Bash(npm test:*)\nEdit");
  await page.getByLabel("Deny requests unanswered after").fill("30");
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name: "Careful contract" })).toBeVisible();
  const contractUrl = page.url();

  await expect(page.getByTestId("contract-permission-mode")).toHaveText("Ask before every tool");
  await expect(page.getByTestId("contract-deny-after")).toHaveText("Denied after 30 minutes");
  await expect(allowedTools(page).getByTestId("allow-rule")).toHaveText([/Bash\(npm test:\*\)/, /Edit/]);

  await ruleRow(page, "Edit").getByRole("button", { name: "Remove" }).click();
  await expect(allowedTools(page).getByTestId("allow-rule")).toHaveText([/Bash\(npm test:\*\)/]);

  // A rule that is not one is said under the field, and what was typed stays.
  const newRule = page.getByLabel("New rule");
  await newRule.fill("Bash(npm run");
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.locator("#contract-new-allow-rule-error")).toHaveText(
    '"Bash(npm run" opens a parenthesis it does not close at the end.',
  );
  await expect(newRule).toHaveValue("Bash(npm run");

  await newRule.fill("WebFetch(domain:example.com)");
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(allowedTools(page).getByTestId("allow-rule")).toHaveText([
    /Bash\(npm test:\*\)/,
    /WebFetch\(domain:example\.com\)/,
  ]);
  await expect(newRule).toHaveValue("");

  // Still there after a reload, and the edit form shows what is stored.
  await page.reload();
  await expect(allowedTools(page).getByTestId("allow-rule")).toHaveCount(2);
  await page.goto(`${contractUrl}/edit`);
  await expect(page.getByLabel("Permissions")).toHaveValue("default");
  await expect(page.getByLabel("Allowed tools")).toHaveValue("Bash(npm test:*)\nWebFetch(domain:example.com)");
  await expect(page.getByLabel("Deny requests unanswered after")).toHaveValue("30");
});

test("a rule that is not one is a field error under Allowed tools, and everything typed is kept", async ({ page }) => {
  const repository = createRepository();
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill("Bad rule");
  await page.getByLabel("Repository").fill(repository);
  await page.getByLabel("Permissions").selectOption({ label: "Plan first" });
  const rules = page.getByLabel("Allowed tools");
  await rules.fill("Edit\nBash(npm test");
  await page.getByLabel("Deny requests unanswered after").fill("15");
  await page.getByRole("button", { name: "Create contract" }).click();

  await expect(page.locator("#contract-allow-rules-error")).toHaveText(
    '"Bash(npm test" opens a parenthesis it does not close at the end.',
  );
  await expect(rules).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/contracts\/new$/);
  await expect(page.getByLabel("Name")).toHaveValue("Bad rule");
  await expect(page.getByLabel("Repository")).toHaveValue(repository);
  await expect(page.getByLabel("Permissions")).toHaveValue("plan");
  await expect(rules).toHaveValue("Edit\nBash(npm test");
  await expect(page.getByLabel("Deny requests unanswered after")).toHaveValue("15");

  await rules.fill("Edit");
  await page.getByRole("button", { name: "Create contract" }).click();
  await expect(page.getByRole("heading", { name: "Bad rule" })).toBeVisible();
  await expect(page.getByTestId("contract-permission-mode")).toHaveText("Plan first");
  await expect(allowedTools(page).getByTestId("allow-rule")).toHaveText([/^Edit/]);
});
