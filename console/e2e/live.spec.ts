import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expect, expectAccessible, login, screenshot, test } from "./fixtures";
import { namesFromDirectoryLines } from "../src/pages/live/render";
import type { SensorDocument } from "../src/api/wire";

type Sensor = Pick<SensorDocument, "id" | "computer_name" | "status" | "supports_cblr">;

/** The terminal's rows as text (xterm.js draws each row as a DOM element; spaces may be non-breaking). */
async function terminalLines(page: Page): Promise<string[]> {
  const rows = await page.locator(".live-terminal .xterm-rows > div").allInnerTexts();
  return rows.map((r) => r.replace(/\u00a0/g, " ").replace(/\s+$/, ""));
}

async function typeLine(page: Page, line: string) {
  await page.locator(".live-terminal textarea").focus();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

test("a live-response terminal on a simulated sensor lists a directory and the processes as the API does", async ({
  loggedIn: page,
  api,
}) => {
  test.setTimeout(180_000);
  // An online sensor that takes live response and has no open session (the e2e run's simulated sensors do).
  const sensors: Sensor[] = await (await api.get("/api/v1/sensor")).json();
  const open: { sensor_id: number }[] = await (await api.get("/api/v1/cblr/session?active_only=true")).json();
  const busy = new Set(open.map((s) => s.sensor_id));
  const candidates = sensors.filter((s) => s.status === "Online" && s.supports_cblr && !busy.has(s.id));
  const sensor = candidates.find((s) => /^sim-/i.test(s.computer_name)) ?? candidates[0];
  expect(sensor, "an online sensor with supports_cblr").toBeTruthy();

  await page.goto("/#/live");
  await expect(page.getByRole("heading", { level: 1, name: "Live response" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "live-sessions");
  await page.getByRole("link", { name: `Go live on ${sensor.computer_name}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/live/${sensor.id}$`));

  const status = page.getByRole("status").filter({ hasText: /Session \d+/ });
  await expect(status).toContainText("is active", { timeout: 120_000 });
  await expect(status).toContainText("You opened it");
  const sessionId = Number(/Session (\d+)/.exec((await status.textContent()) ?? "")?.[1]);
  const session = await (await api.get(`/api/v1/cblr/session/${sessionId}`)).json();
  expect(session).toMatchObject({ sensor_id: sensor.id, status: "active" });
  await expect(page.locator(".live-terminal .xterm-rows")).toContainText("Type help");

  // ls of the drive's root: the names printed are those the API's directory list gives
  const root: string = session.drives?.[0] ?? "/";
  await typeLine(page, "clear");
  await typeLine(page, `ls ${root}`);
  await expect(page.locator(".live-terminal .xterm-rows")).toContainText(/\d+ files? \(.*\), \d+ director/, { timeout: 60_000 });
  const printed = namesFromDirectoryLines(await terminalLines(page));
  const issued = await (
    await api.post(`/api/v1/cblr/session/${sessionId}/command`, {
      data: { name: "directory list", object: root, session_id: sessionId },
    })
  ).json();
  const listed = await (await api.get(`/api/v1/cblr/session/${sessionId}/command/${issued.id}?wait=true`)).json();
  expect(listed.status).toBe("complete");
  expect(printed).toEqual(listed.files.map((f: { filename: string }) => f.filename));
  await screenshot(page, "live-terminal");

  // put: the browser's file picker, an upload, then the file on the host; get: it comes back as a browser download
  const windows = root !== "/";
  const dir = windows ? `${root}Windows\\Temp` : "/tmp";
  const name = `lampblack-e2e-${Date.now()}.txt`;
  const remote = windows ? `${dir}\\${name}` : `${dir}/${name}`;
  const content = `put by the console's end-to-end test at ${new Date().toISOString()}\n`;
  const chooser = page.waitForEvent("filechooser");
  await typeLine(page, "clear");
  await typeLine(page, `put ${dir}`);
  await (await chooser).setFiles({ name, mimeType: "text/plain", buffer: Buffer.from(content) });
  await expect(page.locator(".live-terminal .xterm-rows")).toContainText(`written to ${remote}`, { timeout: 60_000 });
  const download = page.waitForEvent("download");
  await typeLine(page, `get ${remote}`);
  const file = await download;
  expect(file.suggestedFilename()).toBe(name);
  expect(readFileSync(await file.path(), "utf8")).toBe(content);
  // the host as it was
  const removed = await (
    await api.post(`/api/v1/cblr/session/${sessionId}/command`, {
      data: { name: "delete file", object: remote, session_id: sessionId },
    })
  ).json();
  expect((await (await api.get(`/api/v1/cblr/session/${sessionId}/command/${removed.id}?wait=true`)).json()).status).toBe(
    "complete",
  );

  // ps: a table of processes, the ones shown being the sensor's
  await typeLine(page, "clear");
  await typeLine(page, "ps");
  await expect(page.locator(".live-terminal .xterm-rows")).toContainText(/\d+ processes/, { timeout: 60_000 });
  const lines = await terminalLines(page);
  const count = Number(/(\d+) processes/.exec(lines.join("\n"))?.[1]);
  expect(count).toBeGreaterThan(0);
  const pids = lines.map((l) => /^\s*(\d+)\s+\d*\s/.exec(l)?.[1]).filter((p): p is string => !!p).map(Number);
  expect(pids.length).toBeGreaterThan(0);
  const psIssued = await (
    await api.post(`/api/v1/cblr/session/${sessionId}/command`, { data: { name: "process list", session_id: sessionId } })
  ).json();
  const ps = await (await api.get(`/api/v1/cblr/session/${sessionId}/command/${psIssued.id}?wait=true`)).json();
  const known = new Set(ps.processes.map((p: { pid: number }) => p.pid));
  // processes come and go on a running host: most of those shown are still there a moment later
  expect(pids.filter((p) => known.has(p)).length).toBeGreaterThanOrEqual(Math.ceil(pids.length / 2));

  // the commands history shows what the terminal ran
  const history = page.getByRole("table", { name: `Commands issued in live-response session ${sessionId}` });
  await expect(history.getByRole("row").filter({ hasText: "process list" }).first()).toBeVisible();
  // The whole page, the terminal included (xterm.js 6 draws its rows as DOM text and labels its input): no exclusion.
  await expectAccessible(page);

  // close: the session ends on the server
  await page.getByRole("button", { name: "Close session" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Close session" }).click();
  await expect(status).toContainText("The session was closed.");
  await expect
    .poll(async () => (await (await api.get(`/api/v1/cblr/session/${sessionId}`)).json()).status)
    .toBe("close");
});

test("logging out closes the session the page opened, while the login still holds", async ({ loggedIn: page, api }) => {
  test.setTimeout(180_000);
  const sensors: Sensor[] = await (await api.get("/api/v1/sensor")).json();
  const open: { sensor_id: number }[] = await (await api.get("/api/v1/cblr/session?active_only=true")).json();
  const busy = new Set(open.map((s) => s.sensor_id));
  const sensor = sensors.find((s) => s.status === "Online" && s.supports_cblr && !busy.has(s.id) && /^sim-/i.test(s.computer_name));
  test.skip(!sensor, "no simulated sensor free for a session");
  await page.goto(`/#/live/${sensor!.id}`);
  const status = page.getByRole("status").filter({ hasText: /Session \d+/ });
  await expect(status).toContainText("You opened it", { timeout: 120_000 });
  const sessionId = Number(/Session (\d+)/.exec((await status.textContent()) ?? "")?.[1]);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByLabel("Username")).toBeVisible();
  // Logged out by choice: not told the session ended on its own (a close refused after the logout would say so).
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect
    .poll(async () => (await (await api.get(`/api/v1/cblr/session/${sessionId}`)).json()).status, { timeout: 10_000 })
    .toBe("close");
});

test("a Viewer of the sensors' group is offered no live response", async ({ page, api }) => {
  const viewer = process.env.LAMPBLACK_VIEWER;
  test.skip(!viewer, "LAMPBLACK_VIEWER is not set");
  const sensors: Sensor[] = await (await api.get("/api/v1/sensor")).json();
  const sensor = sensors.find((s) => s.supports_cblr);
  test.skip(!sensor, "no sensor takes live response");
  const before: unknown[] = await (await api.get("/api/v1/cblr/session")).json();

  await login(page, viewer!, process.env.LAMPBLACK_VIEWER_PASSWORD ?? "");
  await page.goto("/#/live");
  const table = page.getByRole("table", { name: "Sensors that take live-response sessions" });
  await expect(table.getByRole("row").filter({ hasText: sensor!.computer_name })).toContainText("needs the Administrator role");
  await expect(page.getByRole("link", { name: /^Go live/ })).toHaveCount(0);
  await page.goto(`/#/live/${sensor!.id}`);
  await expect(page.getByText(/needs the Administrator role in this sensor's group/)).toBeVisible();
  await expectAccessible(page);
  // nothing was opened on the server
  expect(await (await api.get("/api/v1/cblr/session")).json()).toHaveLength(before.length);
});
