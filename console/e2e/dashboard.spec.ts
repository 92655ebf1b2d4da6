import { expect, expectAccessible, screenshot, test } from "./fixtures";

const n = (v: number) => v.toLocaleString("en-US");

test("the dashboard shows the server's counts, light and dark", async ({ loggedIn: page, api }) => {
  await page.goto("/#/");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // Sensor and alert counts as the API gives them (read again if a sensor changed state in between).
  await expect(async () => {
    const stats = await (await api.get("/api/v1/dashboard/statistics")).json();
    const sensors = page.getByRole("region", { name: "Sensors" });
    await expect(sensors.getByRole("link", { name: `Online: ${n(stats.sensors.online)}` })).toBeVisible({ timeout: 2_000 });
    await expect(sensors.getByRole("link", { name: `Offline: ${n(stats.sensors.offline)}` })).toBeVisible({ timeout: 2_000 });
    await expect(sensors.getByRole("link", { name: `Isolated: ${n(stats.sensors.isolated)}` })).toBeVisible({ timeout: 2_000 });
    await expect(sensors.getByRole("link", { name: `Total: ${n(stats.sensors.total)}` })).toBeVisible({ timeout: 2_000 });
    const alerts = page.getByRole("region", { name: "Alerts by severity" });
    await expect(alerts.getByRole("link", { name: `unresolved: ${n(stats.alerts.unresolved)}` })).toBeVisible({ timeout: 2_000 });
    await expect(alerts.getByRole("link", { name: `alerts in all: ${n(stats.alerts.total)}` })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  // The sensors tile agrees with the sensor list itself.
  const list: { status: string }[] = await (await api.get("/api/v1/sensor")).json();
  await expect(page.getByRole("link", { name: `Total: ${n(list.length)}` })).toBeVisible();

  // Top watchlists: the watchlists with the most hits, as the API counts them.
  const watchlists: { name: string; total_hits?: string }[] = await (await api.get("/api/v1/watchlist")).json();
  const top = watchlists
    .filter((w) => Number(w.total_hits ?? 0) > 0)
    .sort((a, b) => Number(b.total_hits) - Number(a.total_hits) || a.name.localeCompare(b.name))
    .slice(0, 5)
    .map((w) => w.name);
  const tile = page.getByRole("region", { name: "Top watchlist hits" });
  if (top.length) await expect(tile.getByRole("listitem").getByRole("link")).toHaveText(top);
  else await expect(tile).toContainText("No watchlist has hits yet.");

  // Partitions: every event partition the API lists is in the table.
  const partitions: Record<string, unknown> = await (await api.get("/api/v1/storage/events/partition")).json();
  const storage = page.getByRole("region", { name: "Partitions and disk" });
  for (const name of Object.keys(partitions)) await expect(storage.getByRole("cell", { name, exact: true })).toBeVisible();

  // The ingest rate and the alerts chart are drawn.
  await expect(page.getByRole("region", { name: "Ingest rate" }).getByText("events per second")).toBeVisible();
  await expect(page.locator(".dash-chart svg").first()).toBeVisible();

  await expectAccessible(page);
  await screenshot(page, "dashboard");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expectAccessible(page);
  await screenshot(page, "dashboard-dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
});
