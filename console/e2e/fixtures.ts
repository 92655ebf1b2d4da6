import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";

/** What the Java side (ConsoleEndToEndIT) passes: the server, a global administrator's password and API token. */
export const env = {
  url: process.env.LAMPBLACK_URL ?? "https://127.0.0.1:8443",
  user: process.env.LAMPBLACK_USER ?? "analyst",
  password: process.env.LAMPBLACK_PASSWORD ?? "analyst-pass-1",
  token: process.env.LAMPBLACK_TOKEN ?? "",
  screenshots: process.env.LAMPBLACK_SCREENSHOTS ?? "target/screenshots",
};

export async function login(page: Page, user = env.user, password = env.password) {
  await page.goto("/");
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** A page screenshot for the README and the closing note: target/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(env.screenshots, { recursive: true });
  await page.screenshot({ path: `${env.screenshots}/${name}.png`, fullPage: false });
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`)).toEqual([]);
}

type Fixtures = {
  /** The REST API as cbapi calls it (X-Auth-Token), to check what the console shows against what the server says. */
  api: APIRequestContext;
  /** A page already logged in. */
  loggedIn: Page;
};

export const test = base.extend<Fixtures>({
  api: async ({ playwright }, use) => {
    const ctx = await playwright.request.newContext({
      baseURL: env.url,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { "X-Auth-Token": env.token },
    });
    await use(ctx);
    await ctx.dispose();
  },
  loggedIn: async ({ page }, use) => {
    await login(page);
    await use(page);
  },
});

export { expect };
