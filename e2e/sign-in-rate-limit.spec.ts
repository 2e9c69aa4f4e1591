import { expect, test } from "@playwright/test";
import { E2E_OWNER } from "../playwright.config";

test.use({ storageState: { cookies: [], origins: [] } });

test("a wrong email and a wrong password get the same answer, and the sixth attempt in a minute is refused", async ({
  page,
}) => {
  await page.goto("/sign-in");
  /** One attempt through the form: the server's answer, and what the form then says. */
  const attempt = async (email: string, password: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    const answer = page.waitForResponse((response) => response.url().endsWith("/api/auth/sign-in/email"));
    await page.getByRole("button", { name: "Sign in" }).click();
    const response = await answer;
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    return {
      status: response.status(),
      body: await response.text(),
      shown: await page.getByRole("main").getByRole("alert").innerText(),
    };
  };

  const unknownEmail = await attempt("nobody@makima.test", "some long password");
  const wrongPassword = await attempt(E2E_OWNER.email, "the wrong password");
  expect(unknownEmail).toEqual({ status: 401, body: wrongPassword.body, shown: "Wrong email or password." });
  expect(wrongPassword.status).toBe(401);
  expect(wrongPassword.shown).toBe("Wrong email or password.");

  // Six attempts in all; sign-ins of earlier tests in the same minute only bring the refusal sooner.
  let last = wrongPassword;
  for (let i = 3; i <= 6 && last.status !== 429; i++) last = await attempt(E2E_OWNER.email, `wrong password ${i}`);
  expect(last.status).toBe(429);
  expect(last.shown).toMatch(/^Too many sign-in attempts from your address: try again in \d+ s\.$/);
  await expect(page).toHaveURL(/\/sign-in$/);
});
