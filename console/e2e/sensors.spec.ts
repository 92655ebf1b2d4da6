import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible, login, screenshot, test } from "./fixtures";
import type { SensorDocument } from "../src/api/wire";

// The sensors pages against a real server: what the page shows is what /api/v1/sensor and /api/group say, and
// isolating a simulated sensor shows "Isolating…" until the sensor confirms (the API's is_isolating), then "Isolated".

type ApiSensor = Pick<
  SensorDocument,
  | "id"
  | "computer_name"
  | "status"
  | "group_id"
  | "os_environment_display_string"
  | "network_adapters"
  | "build_version_string"
  | "supports_isolation"
  | "network_isolation_enabled"
  | "is_isolating"
  | "notes"
  | "restart_queued"
>;

async function sensors(api: APIRequestContext): Promise<ApiSensor[]> {
  const r = await api.get("/api/v1/sensor");
  expect(r.ok()).toBe(true);
  return r.json();
}

async function sensor(api: APIRequestContext, id: number): Promise<ApiSensor> {
  const r = await api.get(`/api/v1/sensor/${id}`);
  expect(r.ok()).toBe(true);
  return r.json();
}

/** The hostnames in the order the list sorts them by default (hostname without regard to case, then id). */
function byHostname(list: ApiSensor[]): string[] {
  return [...list]
    .sort((a, b) => {
      const x = a.computer_name.toLowerCase();
      const y = b.computer_name.toLowerCase();
      if (x !== y) return x < y ? -1 : 1;
      return a.computer_name.localeCompare(b.computer_name) || a.id - b.id;
    })
    .map((s) => s.computer_name);
}

async function hostnamesShown(page: Page): Promise<string[]> {
  return page.getByRole("table", { name: "Sensors" }).locator("tbody a.sensor-hostname").allTextContents();
}

test("the sensor list shows the sensors the API lists, by hostname", async ({ loggedIn: page, api }) => {
  const all = await sensors(api);
  expect(all.length).toBeGreaterThan(0);
  await page.goto("/#/sensors");
  await expect(page.getByTestId("sensor-count")).toHaveText(`${all.length} sensors`);
  // The table is virtualised: the rows on the screen are the first ones of the API's list in the page's order.
  const expected = byHostname(all);
  await expect.poll(async () => (await hostnamesShown(page)).length).toBeGreaterThanOrEqual(Math.min(expected.length, 10));
  const shown = await hostnamesShown(page);
  expect(shown).toEqual(expected.slice(0, shown.length));

  // Each shown row's status is the API's.
  const first = all.find((s) => s.computer_name === expected[0])!;
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: first.computer_name, exact: true }) }).first();
  await expect(row).toContainText(first.status);

  // Filtering by status shows exactly the sensors the API says are online, and the URL keeps it.
  const online = all.filter((s) => s.status === "Online");
  await page.getByLabel("Status").selectOption("online");
  await expect(page).toHaveURL(/#\/sensors\?status=online/);
  await expect(page.getByTestId("sensor-count")).toHaveText(`${online.length} of ${all.length} sensors match`);
  await page.reload();
  await expect(page.getByTestId("sensor-count")).toHaveText(`${online.length} of ${all.length} sensors match`);
  await page.getByRole("button", { name: "Clear filters" }).click();

  await screenshot(page, "sensors");
  await expectAccessible(page);
});

test("the groups tab counts each group's sensors and offers its installers", async ({ loggedIn: page, api }) => {
  const all = await sensors(api);
  const groups: { id: number; name: string; number_of_hosts: number }[] = await (await api.get("/api/group")).json();
  await page.goto("/#/sensors?tab=groups");
  const table = page.getByRole("table", { name: "Sensor groups" });
  for (const g of groups) {
    await expect(table.getByTestId(`group-hosts-${g.id}`)).toHaveText(String(g.number_of_hosts));
    expect(g.number_of_hosts).toBe(all.filter((s) => s.group_id === g.id).length);
  }
  const g = groups[0];
  const linux = table.getByRole("link", { name: `Download the Linux (tar.gz) installer of ${g.name}` });
  await expect(linux).toHaveAttribute("href", `/api/v1/group/${g.id}/installer/linux`);

  // What the server answers for the Linux installer is what the page does: a download, or the server's reason.
  const answer = await api.get(`/api/v1/group/${g.id}/installer/linux`);
  if (answer.ok()) {
    const download = page.waitForEvent("download");
    await linux.click();
    expect((await download).suggestedFilename()).toMatch(/\.tar\.gz$/);
  } else {
    const reason: { message: string } = await answer.json();
    await linux.click();
    await expect(page.getByText(reason.message, { exact: false })).toBeVisible();
  }
  // The server has no Windows sensor: it says so, and the page shows it.
  const windows = await api.get(`/api/v1/group/${g.id}/installer/windows/exe`);
  if (!windows.ok()) {
    const reason: { message: string } = await windows.json();
    await table.getByRole("link", { name: `Download the Windows (EXE) installer of ${g.name}` }).click();
    await expect(page.getByText(reason.message, { exact: false })).toBeVisible();
  }
  await screenshot(page, "sensors-groups");
  await expectAccessible(page);
});

test("isolating a simulated sensor shows Isolating… until it confirms, then Isolated; releasing it likewise", async ({
  loggedIn: page,
  api,
}) => {
  test.setTimeout(300_000);
  const candidates = (await sensors(api)).filter(
    (s) => /^sim-/i.test(s.computer_name) && s.status === "Online" && s.supports_isolation && !s.network_isolation_enabled && !s.is_isolating,
  );
  expect(candidates.length, "an online simulated sensor that is not isolated").toBeGreaterThan(0);
  const sim = candidates[0];
  try {
    await page.goto(`/#/sensors/${sim.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(sim.computer_name);
    // The facts are the API's.
    await expect(page.getByText(sim.os_environment_display_string, { exact: false }).first()).toBeVisible();
    const ip = sim.network_adapters.split("|")[0]?.split(",")[0];
    if (ip) await expect(page.getByText(ip, { exact: true })).toBeVisible();
    await expect(page.getByText(sim.build_version_string, { exact: true })).toBeVisible();

    const status = page.getByTestId("isolation-status");
    await expect(status).toHaveText("Network isolation: Not isolated");
    await page.getByRole("button", { name: "Isolate host" }).click();
    // A dangerous action's confirmation starts on Cancel: an Enter meant for something else isolates nothing.
    await expect(page.getByRole("dialog").getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.getByRole("dialog").getByRole("button", { name: "Isolate", exact: true }).click();

    // Asked at once; shown pending until the sensor's check-in confirms it.
    await expect(status).toContainText("Isolating…");
    const asked = await sensor(api, sim.id);
    expect(asked.network_isolation_enabled).toBe(true);
    await screenshot(page, "sensor-detail");
    await expectAccessible(page);

    await expect(status).toHaveText("Network isolation: Isolated", { timeout: 150_000 });
    expect((await sensor(api, sim.id)).is_isolating).toBe(true);

    // The list says it too.
    await page.goto(`/#/sensors?q=${encodeURIComponent(sim.computer_name)}`);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: sim.computer_name, exact: true }) });
    await expect(row).toContainText("Isolated");

    await page.goto(`/#/sensors/${sim.id}`);
    await page.getByRole("button", { name: "Release isolation" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Release", exact: true }).click();
    await expect(status).toContainText("Releasing isolation…");
    await expect(status).toHaveText("Network isolation: Not isolated", { timeout: 150_000 });
    expect((await sensor(api, sim.id)).is_isolating).toBe(false);
  } finally {
    // Leave the sensor as it was found, whatever happened above.
    const now = await sensor(api, sim.id);
    if (now.network_isolation_enabled) {
      await api.put(`/api/v1/sensor/${sim.id}`, {
        data: {
          event_log_flush_time: null,
          group_id: now.group_id,
          network_isolation_enabled: false,
          notes: now.notes ?? "",
          restart_queued: now.restart_queued,
          uninstall: false,
        },
      });
    }
  }
});

test("a Viewer sees a sensor but is offered no action on it", async ({ page, api }) => {
  const viewer = process.env.LAMPBLACK_VIEWER;
  const password = process.env.LAMPBLACK_VIEWER_PASSWORD;
  test.skip(!viewer || !password, "no Viewer user given (LAMPBLACK_VIEWER)");
  const [first] = await sensors(api);
  await login(page, viewer!, password!);
  await page.goto(`/#/sensors/${first.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.computer_name);
  await expect(page.getByRole("heading", { name: "Host" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Isolate host" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Restart sensor" })).toHaveCount(0);
  await page.goto("/#/sensors?tab=groups");
  await expect(page.getByRole("table", { name: "Sensor groups" })).toBeVisible();
  await expect(page.getByRole("link", { name: /installer of/ })).toHaveCount(0);
});
