import { expect, test as setup } from "@playwright/test";
import { E2E_OWNER, E2E_OWNER_STATE } from "../playwright.config";

/** Signs the owner in through the sign-in page once; the other tests reuse the session (sign-in is rate limited). */
setup("sign in as the owner", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(E2E_OWNER.email);
  await page.getByLabel("Password").fill(E2E_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Contracts", level: 1 })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText(E2E_OWNER.email);
  await page.context().storageState({ path: E2E_OWNER_STATE });
});
