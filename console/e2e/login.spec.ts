import { env, expect, expectAccessible, login, newContext, screenshot, test } from "./fixtures";
import type { UserActivityDocument } from "../src/api/wire";

// Logging in and out, the session cookie and the headers that keep the console safe, and what a Viewer is offered.

type Activity = Pick<UserActivityDocument, "username" | "timestamp" | "http_status" | "path">;

/** The audit's console logins of a user (GET /api/useractivity, newest first). */
async function consoleLogins(api: import("@playwright/test").APIRequestContext, username: string): Promise<Activity[]> {
  const response = await api.get("/api/useractivity", { params: { limit: 500 } });
  expect(response.status()).toBe(200);
  const entries = (await response.json()) as Activity[];
  return entries.filter((e) => e.username === username && e.path === "/api/console/login");
}

test("the login page is accessible and refuses a wrong password, which the audit records", async ({ page, api }) => {
  const failedBefore = (await consoleLogins(api, env.user)).filter((e) => e.http_status === 401).length;

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Lampblack" })).toBeVisible();
  await expect(page.getByLabel("Username")).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, "login");

  await page.getByLabel("Username").fill(env.user);
  await page.getByLabel("Password").fill(`${env.password}-wrong`);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByLabel("Password"), "still on the login page, ready for another try").toBeVisible();

  await expect
    .poll(async () => (await consoleLogins(api, env.user)).filter((e) => e.http_status === 401).length, {
      message: "the failed console login is in the audit log",
    })
    .toBe(failedBefore + 1);
});

test("a session is an HttpOnly, Secure, SameSite=Strict cookie behind strict security headers", async ({ page, context }) => {
  const first = await page.goto("/");
  const headers = first!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, "a Content-Security-Policy on the console's page").toContain("default-src 'self'");
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc, "scripts from the server only, none inline").toBe("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");

  await login(page);
  await expect(page.getByRole("link", { name: env.user })).toBeVisible();
  const cookies = await context.cookies();
  expect(cookies.length, "the login set a session cookie").toBeGreaterThan(0);
  for (const c of cookies) {
    expect({ name: c.name, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite }).toEqual({
      name: c.name,
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    });
  }
  expect(await page.evaluate(() => document.cookie), "no script can read the session").toBe("");
});

test("every page of the navigation loads under the policy without an error", async ({ loggedIn: page }) => {
  const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
  const names = await links.allTextContents();
  expect(names).toContain("Administration");
  for (const name of names) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toBeVisible();
  }
  // The fixture fails the test for any CSP violation or uncaught error these pages reported.
});

test("the skip link moves the keyboard to the page's content and stays on the page", async ({ loggedIn: page }) => {
  await page.goto("/#/sensors?tab=groups");
  await expect(page.getByRole("heading", { level: 1, name: "Sensors" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  expect(new URL(page.url()).hash).toBe("#/sensors?tab=groups");
  await expect(page.getByRole("heading", { level: 1, name: "Sensors" })).toBeVisible();
});

test("a Viewer is not offered administration and is refused it by the server", async ({ browser }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, env.viewer, env.viewerPassword);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Process search" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);

  // The Viewer's own session calling what only a global administrator may: the server says no.
  const status = await page.evaluate(async () => (await fetch("/api/users", { headers: { Accept: "application/json" } })).status);
  expect(status).toBe(403);
  const own = await page.evaluate(async () => (await fetch("/api/console/session")).json());
  expect(own.global_admin).toBe(false);
  expect(own.group_roles.length, "Viewer on every group").toBeGreaterThan(0);
  expect(own.group_roles.every((g: { role: string }) => g.role === "Viewer")).toBe(true);
  await context.close();
});

test("a reload keeps the session; logging out ends it for good", async ({ loggedIn: page, context, request }) => {
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);

  const session = await context.cookies();
  expect(session.length).toBeGreaterThan(0);
  const cookie = session.map((c) => `${c.name}=${c.value}`).join("; ");
  expect((await request.get("/api/console/session", { headers: { Cookie: cookie } })).status(), "the cookie works").toBe(200);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

  const after = await request.get("/api/console/session", { headers: { Cookie: cookie } });
  expect(after.status(), "the logged-out cookie no longer opens the session").toBe(401);
  await page.reload();
  await expect(page.getByLabel("Username"), "a reload after logout shows the login page").toBeVisible();
});
