import { expect, test, type Locator } from "@playwright/test";
import { SERVER_ACTION_BODY_LIMIT } from "../lib/shared/schemas/body-limit.mjs";
import { CONTRACT_LIMITS } from "../lib/shared/schemas/contract";
import { createContract, createRepository } from "./support";

/**
 * Sets a field's value as a script does: the browser's maxLength limits typing and pasting only, so this is how a
 * value over the limit reaches the server (Playwright's fill types through the browser's editing, and is cut).
 */
async function setValue(field: Locator, value: string): Promise<void> {
  await field.evaluate((element: HTMLTextAreaElement, text) => {
    element.value = text;
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

const valueLength = (field: Locator) => field.evaluate((element: HTMLTextAreaElement) => element.value.length);

test("a description over its limit is cut by the browser, and refused by the server with everything typed kept", async ({
  page,
}) => {
  const repository = createRepository();
  await page.goto("/contracts/new");
  await page.getByLabel("Name").fill("Too long a description");
  await page.getByLabel("Repository").fill(repository);
  const description = page.getByLabel("Description");

  await description.fill("d".repeat(CONTRACT_LIMITS.description + 10));
  expect(await valueLength(description)).toBe(CONTRACT_LIMITS.description);

  // 2 MB: over the field's limit, under the body limit, so the server's check answers.
  await setValue(description, "d".repeat(2_000_000));
  await page.getByRole("button", { name: "Create contract" }).click();

  await expect(page.getByText("Description must be at most 100,000 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/contracts\/new$/);
  await expect(page.getByLabel("Name")).toHaveValue("Too long a description");
  await expect(page.getByLabel("Repository")).toHaveValue(repository);
  expect(await valueLength(description)).toBe(2_000_000);
});

test("a plan over the body limit shows a message on the form, and the typed name and plan are kept", async ({
  page,
}) => {
  await createContract(page, { name: "Body limit", repository: createRepository() });
  const contractUrl = page.url();
  await page.getByLabel("Task name").fill("Kept name");
  const plan = page.getByLabel("Plan");
  const tooLarge = SERVER_ACTION_BODY_LIMIT + 1024 * 1024;
  await setValue(plan, "p".repeat(tooLarge));
  await page.getByRole("button", { name: "Start task", exact: true }).click();

  await expect(page.getByRole("alert").filter({ hasText: "The form is too large to send" })).toBeVisible();
  await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
  expect(page.url()).toBe(contractUrl);
  await expect(page.getByLabel("Task name")).toHaveValue("Kept name");
  expect(await valueLength(plan)).toBe(tooLarge);
});
