import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";

/**
 * What the Java side (ConsoleEndToEndIT) passes: the server, a global administrator with a password, a Viewer (a user
 * whose team is Viewer on every group), and the bootstrap administrator's API token (another user).
 */
export const env = {
  url: process.env.LAMPBLACK_URL ?? "https://127.0.0.1:8443",
  user: process.env.LAMPBLACK_USER ?? "analyst",
  password: process.env.LAMPBLACK_PASSWORD ?? "analyst-pass-1",
  viewer: process.env.LAMPBLACK_VIEWER ?? "viewer",
  viewerPassword: process.env.LAMPBLACK_VIEWER_PASSWORD ?? "viewer-pass-1",
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

// What fails any test whatever it checks: a Content-Security-Policy violation (an inline script or style, a resource
// from elsewhere: the console must work under the server's strict policy) or an error no code caught. Network errors
// (a 401 before login, a 403 a test provokes) are the server's answers, not problems of the page.
const problems: string[] = [];

/** Chromium reports a blocked resource in the console; the page's own event names the directive, even for workers. */
const CSP_MESSAGE = /Content Security Policy|Content-Security-Policy/i;

/** Watches a page for CSP violations and uncaught errors (pages of the fixtures' contexts are watched already). */
export function watch(page: Page) {
  page.on("console", (msg) => {
    if (msg.type() === "error" && CSP_MESSAGE.test(msg.text())) problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.stack ?? err.message}`));
}

async function watched(context: BrowserContext) {
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}`),
    );
  });
  context.on("page", watch);
  return context;
}

/** A fresh browser context (its own cookies and cache) for another user, watched as the test's own page is. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  return watched(
    await browser.newContext({ baseURL: env.url, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } }),
  );
}

type Fixtures = {
  /** The REST API as cbapi calls it (X-Auth-Token), to check what the console shows against what the server says. */
  api: APIRequestContext;
  /** A page already logged in. */
  loggedIn: Page;
  /** Fails the test when one of its pages reported a CSP violation or an uncaught error. */
  pageProblems: void;
};

export const test = base.extend<Fixtures>({
  context: async ({ context }, use) => {
    await use(await watched(context));
  },
  pageProblems: [
    async ({}, use) => {
      problems.length = 0;
      await use();
      expect(problems, "CSP violations and uncaught errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
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
