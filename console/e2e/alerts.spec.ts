import type { APIRequestContext } from "@playwright/test";
import { env, expect, expectAccessible, login, screenshot, test } from "./fixtures";

// The alerts page against a real server: its totals are the API's, and triaging an alert in the page changes what
// the API says. Alerts come from a watchlist over the processes the simulated sensors keep uploading; when the server
// has no open alert yet, this spec makes such a watchlist (and removes it afterwards).

interface ApiAlert {
  unique_id: string;
  status: string;
  hostname: string;
  process_name?: string;
  process_id?: string;
  segment_id?: number;
  md5: string;
  alert_type: string;
}

interface Envelope {
  results: ApiAlert[];
  total_results: number;
}

async function searchAlerts(api: APIRequestContext, q: string, extra: Record<string, string> = {}): Promise<Envelope> {
  const r = await api.get("/api/v2/alert", { params: { "cb.urlver": "1", q, rows: "10", start: "0", ...extra } });
  expect(r.ok(), await r.text()).toBe(true);
  return r.json();
}

async function alertById(api: APIRequestContext, id: string): Promise<ApiAlert> {
  const r = await api.get("/api/v2/alert", { params: { "cb.fq.unique_id": id } });
  const env: Envelope = await r.json();
  expect(env.results).toHaveLength(1);
  return env.results[0];
}

let madeWatchlist: string | null = null;

/** An open alert: one there is, or one raised by a watchlist made for it (waiting for the sensors' next uploads). */
async function openAlert(api: APIRequestContext): Promise<ApiAlert> {
  const open = await searchAlerts(api, "status:Unresolved", { sort: "created_time desc" });
  if (open.results.length > 0) return open.results[0];
  const created = await api.post("/api/v1/watchlist", {
    data: {
      name: `Console e2e: svchost.exe ${Date.now()}`,
      search_query: "cb.urlver=1&q=process_name%3Asvchost.exe",
      index_type: "events",
      description: "made by the console's alerts end-to-end test; removed by it",
    },
  });
  expect(created.ok(), await created.text()).toBe(true);
  madeWatchlist = String((await created.json()).id);
  const action = await api.post(`/api/v1/watchlist/${madeWatchlist}/action`, {
    data: { action_type: 3, watchlist_id: Number(madeWatchlist), action_data: "{}" },
  });
  expect(action.ok(), await action.text()).toBe(true);
  let found: ApiAlert | undefined;
  await expect
    .poll(
      async () => {
        found = (await searchAlerts(api, "status:Unresolved", { sort: "created_time desc" })).results[0];
        return found !== undefined;
      },
      { timeout: 240_000, intervals: [5_000] },
    )
    .toBe(true);
  return found!;
}

test.afterAll(async ({ playwright }) => {
  if (!madeWatchlist) return;
  const api = await playwright.request.newContext({
    baseURL: env.url,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: { "X-Auth-Token": env.token },
  });
  await api.delete(`/api/v1/watchlist/${madeWatchlist}`);
  await api.dispose();
});

test("the alert list's total is the API's for the same filters", async ({ loggedIn: page, api }) => {
  test.setTimeout(300_000);
  await openAlert(api);
  // A window closed in the past, so that alerts raised meanwhile do not change the total. It ends at the next whole
  // second (the query's resolution), after it has passed: the alert just found (created within this second) is inside.
  const untilMs = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await page.waitForTimeout(untilMs - Date.now() + 500);
  const until = new Date(untilMs).toISOString().replace(/\.\d+Z$/, "Z");
  const q = `created_time:[* TO ${until}]`;
  const all = await searchAlerts(api, q);
  const open = await searchAlerts(api, `status:Unresolved ${q}`);
  expect(all.total_results).toBeGreaterThan(0);

  await page.goto(`/#/alerts?status=any&q=${encodeURIComponent(q)}`);
  const count = page.getByTestId("alert-count");
  await expect(count).toHaveText(`${all.total_results.toLocaleString("en-US")} ${all.total_results === 1 ? "alert" : "alerts"}`);
  await page.getByLabel("Status").selectOption("Unresolved");
  await expect(page).toHaveURL(/#\/alerts\?q=/);
  await expect(count).toHaveText(`${open.total_results.toLocaleString("en-US")} ${open.total_results === 1 ? "alert" : "alerts"}`);
  // Back restores the previous filters and their total.
  await page.goBack();
  await expect(count).toHaveText(new RegExp(`^${all.total_results.toLocaleString("en-US")} alerts?$`));

  await page.goto("/#/alerts");
  await expect(page.getByRole("table", { name: "Alerts" }).getByTestId("alert-status").first()).toHaveText("Unresolved");
  await screenshot(page, "alerts");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expectAccessible(page);
  await screenshot(page, "alerts-dark");
});

test("triaging an alert in the page changes it on the server", async ({ loggedIn: page, api }) => {
  test.setTimeout(300_000);
  const alert = await openAlert(api);
  try {
    // Any status: after a change the page searches again, and the alert stays in a view of every status.
    await page.goto(`/#/alerts?status=any&q=${encodeURIComponent(`unique_id:${alert.unique_id}`)}`);
    await expect(page.getByTestId("alert-count")).toHaveText("1 alert");
    const table = page.getByRole("table", { name: "Alerts" });
    await expect(table.getByTestId("alert-status")).toHaveText("Unresolved");
    await expect(table.getByRole("link", { name: alert.hostname, exact: true })).toBeVisible();
    // The row leads to its process (webui_link form) or binary.
    const isBinary = alert.alert_type.includes(".binary") || !alert.process_id;
    const target = isBinary ? `#/binary/${alert.md5.toUpperCase()}` : `#/analyze/${alert.process_id}/${alert.segment_id}`;
    await expect(table.locator(`a[href="${target}"]`)).toHaveCount(1);

    await table.getByRole("checkbox", { name: new RegExp(`^Select the alert on ${alert.hostname}`) }).check();
    await page.getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByText("1 alert marked Resolved.")).toBeVisible();
    await expect(table.getByTestId("alert-status")).toHaveText("Resolved");
    expect((await alertById(api, alert.unique_id)).status).toBe("Resolved");

    // And back, leaving the server as it was.
    await table.getByRole("checkbox", { name: new RegExp(`^Select the alert on ${alert.hostname}`) }).check();
    await page.getByRole("button", { name: "Reopen" }).click();
    await expect(page.getByText("1 alert marked Unresolved.")).toBeVisible();
    await expect(table.getByTestId("alert-status")).toHaveText("Unresolved");
    expect((await alertById(api, alert.unique_id)).status).toBe("Unresolved");
  } finally {
    if ((await alertById(api, alert.unique_id)).status !== "Unresolved") {
      await api.post("/api/v1/alerts", { data: { alert_ids: [alert.unique_id], requested_status: "Unresolved" } });
    }
  }
});

test("a Viewer sees the alerts but may not triage them", async ({ page, api }) => {
  const viewer = process.env.LAMPBLACK_VIEWER;
  const password = process.env.LAMPBLACK_VIEWER_PASSWORD;
  test.skip(!viewer || !password, "no Viewer user given (LAMPBLACK_VIEWER)");
  const q = `created_time:[* TO ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}]`;
  const all = await searchAlerts(api, q);
  await login(page, viewer!, password!);
  await page.goto(`/#/alerts?status=any&q=${encodeURIComponent(q)}`);
  await expect(page.getByTestId("alert-count")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Resolve" })).toHaveCount(0);
  // A Viewer of every group sees every alert (read access), so the total is the administrator's.
  await expect(page.getByTestId("alert-count")).toHaveText(new RegExp(`^${all.total_results.toLocaleString("en-US")} alerts?$`));
});
