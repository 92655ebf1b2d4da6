import { randomBytes } from "node:crypto";
import { env, expect, expectAccessible, screenshot, test } from "./fixtures";
import type { TeamDocument, UserDocument } from "../src/api/wire";

// Administration and the account page against a real server: teams and users made, changed and deleted through the
// page and read back from the REST API; the audit log shows the login just made; a hash banned and unbanned; the
// logged-in user's own API token shown, copied and rotated (the `api` fixture uses another user's token: the
// bootstrap administrator's). What the tests add they delete again (a ban can only be lifted: it stays, disabled).

type ApiUser = Pick<UserDocument, "username" | "first_name" | "last_name" | "global_admin" | "teams" | "auth_token">;
type ApiTeam = TeamDocument;

test("teams and users: make a team with a role per group, a user in it, reset their token, delete both", async ({ loggedIn: page, api }) => {
  const stamp = Date.now();
  const teamName = `E2E team ${stamp}`;
  const username = `e2e-user-${stamp}`;
  const groups: { id: number; name: string }[] = await (await api.get("/api/group")).json();
  expect(groups.length).toBeGreaterThan(0);
  try {
    // A team: Viewer on the first group, No Access elsewhere.
    await page.goto("/#/admin/teams");
    await page.getByRole("button", { name: "Add team" }).click();
    const teamDialog = page.getByRole("dialog", { name: "New team" });
    await teamDialog.getByLabel("Name").fill(teamName);
    await teamDialog.getByRole("combobox", { name: groups[0].name }).selectOption("Viewer");
    await teamDialog.getByRole("button", { name: "Create team" }).click();
    await expect(page.getByRole("cell", { name: teamName, exact: true })).toBeVisible();
    const teams: ApiTeam[] = await (await api.get("/api/teams")).json();
    const team = teams.find((t) => t.name === teamName)!;
    expect(team, "the server has the team").toBeTruthy();
    expect(team.group_access.map((a) => [a.group_id, a.access_category])).toEqual([[groups[0].id, "Viewer"]]);
    await expect(page.getByRole("row").filter({ hasText: teamName })).toContainText(`${groups[0].name}: Viewer`);
    await expectAccessible(page);

    // A user with a password, in that team.
    await page.getByRole("tab", { name: "Users" }).click();
    await expect(page).toHaveURL(/#\/admin\/users/);
    await page.getByRole("button", { name: "Add user" }).click();
    const userDialog = page.getByRole("dialog", { name: "New user" });
    await userDialog.getByLabel("Username").fill(username);
    await userDialog.getByLabel("First name").fill("Edda");
    await userDialog.getByLabel("Last name").fill("Tue");
    await userDialog.getByLabel("Password", { exact: true }).fill("e2e-Password-1");
    await userDialog.getByLabel("Password again").fill("e2e-Password-1");
    await userDialog.getByLabel(teamName).check();
    await userDialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("status").filter({ hasText: `User ${username} created.` })).toBeVisible();

    const user: ApiUser = await (await api.get(`/api/user/${username}`)).json();
    expect(user.first_name).toBe("Edda");
    expect(user.global_admin).toBe(false);
    expect(user.teams.map((t) => t.name)).toEqual([teamName]);

    // Every user the server has is listed, with their teams.
    const users: ApiUser[] = await (await api.get("/api/users")).json();
    for (const u of users) await expect(page.getByRole("cell", { name: u.username, exact: true })).toBeVisible();
    await expect(page.getByRole("row").filter({ has: page.getByRole("cell", { name: username, exact: true }) })).toContainText(teamName);
    await screenshot(page, "admin-users");
    await expectAccessible(page);

    // Edit: a global administrator now.
    await page.getByRole("button", { name: `Edit ${username}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit the user ${username}` });
    await edit.getByLabel(/Global administrator/).check();
    await edit.getByRole("button", { name: "Save user" }).click();
    await expect(page.getByRole("status").filter({ hasText: `User ${username} saved.` })).toBeVisible();
    expect(((await (await api.get(`/api/user/${username}`)).json()) as ApiUser).global_admin).toBe(true);

    // Reset their token, confirmed: the server has another one.
    await page.getByRole("button", { name: `Reset the API token of ${username}` }).click();
    await page.getByRole("dialog", { name: `Reset the API token of ${username}?` }).getByRole("button", { name: "Reset token" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${username} has a new API token` })).toBeVisible();
    const after: ApiUser = await (await api.get(`/api/user/${username}`)).json();
    expect(after.auth_token).toBeTruthy();
    expect(after.auth_token).not.toBe(user.auth_token);

    // Delete the user, then the team, confirmed.
    await page.getByRole("button", { name: `Delete ${username}` }).click();
    await page.getByRole("dialog", { name: `Delete the user ${username}?` }).getByRole("button", { name: "Delete user" }).click();
    await expect(page.getByRole("cell", { name: username, exact: true })).toHaveCount(0);
    expect((await api.get(`/api/user/${username}`)).status()).toBe(404);

    await page.getByRole("tab", { name: "Teams" }).click();
    await page.getByRole("button", { name: `Delete ${teamName}` }).click();
    await page.getByRole("dialog", { name: `Delete the team ${teamName}?` }).getByRole("button", { name: "Delete team" }).click();
    await expect(page.getByRole("cell", { name: teamName, exact: true })).toHaveCount(0);
    expect(((await (await api.get("/api/teams")).json()) as ApiTeam[]).some((t) => t.name === teamName)).toBe(false);
  } finally {
    if ((await api.get(`/api/user/${username}`)).ok()) await api.delete(`/api/user/${username}`);
    const left: ApiTeam[] = await (await api.get("/api/teams")).json();
    for (const t of left.filter((x) => x.name === teamName)) await api.delete(`/api/team/${t.id}`);
  }
});

test("the audit log shows the login just made; its filters live in the URL", async ({ loggedIn: page, api }) => {
  // What the server recorded: the newest console login of this user.
  const activity: { username: string; path: string; method: string; http_status: number }[] = await (
    await api.get("/api/useractivity?limit=200")
  ).json();
  const login = activity.find((e) => e.username === env.user && e.method === "POST" && /login/.test(e.path) && e.http_status === 200);
  expect(login, "the server audited the login").toBeTruthy();

  await page.goto(`/#/admin/audit?user=${encodeURIComponent(env.user)}&path=${encodeURIComponent(login!.path)}`);
  const table = page.getByRole("table", { name: "Audit log, newest first" });
  const first = table.getByRole("row").nth(1);
  await expect(first).toContainText(login!.path);
  await expect(first).toContainText(env.user);
  await expect(first).toContainText("200");
  await expect(page.getByRole("combobox", { name: "User", exact: true })).toHaveValue(env.user);

  // A filter chosen on the page goes into the URL and survives a reload.
  await page.getByRole("combobox", { name: "Method", exact: true }).selectOption("POST");
  await expect(page).toHaveURL(/method=POST/);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Method", exact: true })).toHaveValue("POST");
  await expect(table.getByRole("row").nth(1)).toContainText(login!.path);
  await page.getByRole("combobox", { name: "Status", exact: true }).selectOption("4xx");
  await expect(page.getByTestId("audit-count")).toHaveText(/^\d[\d,]* of the newest/);
  await page.goBack();
  await expect(page.getByRole("combobox", { name: "Status", exact: true })).toHaveValue("");

  await screenshot(page, "admin-audit");
  await expectAccessible(page);
});

test("ban a hash, unban it, ban it again: the server says so each time", async ({ loggedIn: page, api }) => {
  const md5 = randomBytes(16).toString("hex").toUpperCase();
  try {
    await page.goto("/#/admin/bans");
    await page.getByLabel("MD5 to ban").fill(md5);
    await page.getByLabel("Reason").fill("console e2e test");
    await page.getByRole("button", { name: "Ban hash" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: md5 }) });
    await expect(row).toContainText("Banned");
    const ban = await (await api.get(`/api/v1/banning/blacklist/${md5}`)).json();
    expect(ban.enabled).toBe(true);
    expect(ban.text).toBe("console e2e test");
    await expectAccessible(page);

    await page.getByRole("button", { name: `Unban ${md5}` }).click();
    await page.getByRole("dialog", { name: `Unban ${md5}?` }).getByRole("button", { name: "Unban" }).click();
    await expect(row).toContainText("Unbanned");
    expect((await api.get(`/api/v1/banning/blacklist/${md5}`)).status()).toBe(404);

    await page.getByRole("button", { name: `Ban ${md5} again` }).click();
    await page.getByRole("dialog", { name: `Ban ${md5} again?` }).getByRole("button", { name: "Ban", exact: true }).click();
    await expect(row).toContainText("Banned");
    expect((await (await api.get(`/api/v1/banning/blacklist/${md5}`)).json()).enabled).toBe(true);
  } finally {
    if ((await api.get(`/api/v1/banning/blacklist/${md5}`)).ok()) await api.delete(`/api/v1/banning/blacklist/${md5}`);
  }
});

test("the account page shows who you are, reveals your API token, copies and rotates it", async ({ loggedIn: page, playwright, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/#/account");
  await expect(page.getByTestId("account-username")).toHaveText(env.user);
  const shown = page.getByTestId("api-token");
  await expect(shown).toHaveText(/^•+$/);

  // The token as the server gives it to this session: the user's own document carries it.
  const serverToken = () =>
    page.evaluate(async (user) => (await (await fetch(`/api/user/${encodeURIComponent(user)}`)).json()).auth_token as string, env.user);
  const old = await serverToken();
  expect(old).toMatch(/^[0-9a-f]{40}$/);

  await page.getByRole("button", { name: "Show" }).click();
  await expect(shown).toHaveText(old);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "on the clipboard" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(old);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(shown).toHaveText(/^•+$/);
  await screenshot(page, "account");
  await expectAccessible(page);

  // Rotate, confirmed: the page shows the new token, the server agrees, and the old one no longer works.
  await page.getByRole("button", { name: "Rotate…" }).click();
  await page.getByRole("dialog", { name: "Rotate your API token?" }).getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByRole("status").filter({ hasText: "old one no longer works" })).toBeVisible();
  const fresh = await serverToken();
  expect(fresh).not.toBe(old);
  await expect(shown).toHaveText(fresh);

  const withToken = async (token: string) => {
    const ctx = await playwright.request.newContext({ baseURL: env.url, ignoreHTTPSErrors: true, extraHTTPHeaders: { "X-Auth-Token": token } });
    const status = (await ctx.get("/api/info")).status();
    await ctx.dispose();
    return status;
  };
  expect(await withToken(old)).toBe(401);
  expect(await withToken(fresh)).toBe(200);
});
