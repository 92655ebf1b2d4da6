import type { APIRequestContext, Page } from "@playwright/test";
import { env, expect, expectAccessible, login, screenshot, test } from "./fixtures";

// The process search page against a real server. Nothing here names corpus data: the spec asks the API what there is
// (the most common process name when svchost.exe is absent) and checks that the page shows what the API says. The
// simulated sensors keep uploading processes during the run, so totals are compared at a moment when two API calls
// around the page's own search agree.

interface Envelope {
  total_results: number;
  results: { process_name: string; hostname: string; process_pid: number; unique_id: string }[];
  facets: Record<string, { name: string; value: number }[]>;
}

async function search(api: APIRequestContext, params: Record<string, string>): Promise<Envelope> {
  const r = await api.get("/api/v1/process", { params: { "cb.urlver": "1", ...params } });
  expect(r.ok(), await r.text()).toBeTruthy();
  return r.json();
}

const pageParams = (q: string, extra: Record<string, string> = {}) => ({
  q,
  sort: "start desc",
  start: "0",
  rows: "100",
  "cb.group": "id",
  ...extra,
});

const searchUrl = (q: string, extra = "") =>
  `/#/search?q=${encodeURIComponent(q)}&window=all&sort=start+desc&start=0&rows=100&group=process${extra}`;

const shownTotal = async (page: Page) => Number((await page.getByTestId("total-results").innerText()).replace(/[^\d]/g, ""));

/** Runs the page's search again and checks its total against the API's, until both API calls around it agree. */
async function expectTotalMatchesApi(page: Page, api: APIRequestContext, q: string) {
  await expect(async () => {
    const before = (await search(api, { ...pageParams(q), rows: "0" })).total_results;
    const answered = page.waitForResponse((r) => r.url().includes("/api/v1/process?") && r.url().includes("rows=100"));
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await answered;
    await expect(page.getByText("updating…")).toHaveCount(0);
    const shown = await shownTotal(page);
    const after = (await search(api, { ...pageParams(q), rows: "0" })).total_results;
    expect(after, "the data changed during the check").toBe(before);
    expect(shown).toBe(after);
  }).toPass({ timeout: 45_000 });
}

const resultRows = (page: Page) => page.locator("table.data-table tbody tr[data-index]");

async function firstRows(page: Page, n: number) {
  const out: { host: string; name: string; pid: number }[] = [];
  const rows = resultRows(page);
  for (let i = 0; i < n; i++) {
    const cells = rows.nth(i).locator("td");
    out.push({
      host: (await cells.nth(1).innerText()).trim(),
      name: (await cells.nth(3).innerText()).trim(),
      pid: Number(await cells.nth(4).innerText()),
    });
  }
  return out;
}

test("search shows the API's total and rows; a facet narrows the query; saved as a watchlist", async ({ loggedIn: page, api }) => {
  const names = (await search(api, { q: "", rows: "0", facet: "true", "facet.field": "process_name", "cb.group": "id" })).facets
    .process_name;
  expect(names.length, "the server holds no process").toBeGreaterThan(0);
  const name = names.some((e) => e.name === "svchost.exe") ? "svchost.exe" : names[0].name;
  const q = `process_name:${name}`;

  await page.goto(searchUrl(q));
  await expect(page.getByRole("heading", { name: "Process search", level: 1 })).toBeVisible();
  await expect(page.getByTestId("total-results")).toBeVisible();
  await expectTotalMatchesApi(page, api, q);

  // The first rows, in the API's order.
  const api1 = await search(api, pageParams(q));
  const n = Math.min(5, api1.results.length);
  expect(await firstRows(page, n)).toEqual(
    api1.results.slice(0, n).map((r) => ({ host: r.hostname, name: r.process_name, pid: r.process_pid })),
  );
  await expect(page.locator(".facet-chart canvas").first()).toBeVisible();
  await screenshot(page, "search-results");
  await expectAccessible(page);

  // The same page in the dark theme.
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await screenshot(page, "search-results-dark");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Switch to light theme" }).click();

  // A click on the host facet's top bar narrows the query to that host.
  const facets = await search(api, { q, rows: "0", facet: "true", "facet.field": "hostname", "cb.group": "id" });
  const host = facets.facets.hostname[0].name;
  const hostCard = page.locator("section.facet-card", { has: page.getByRole("heading", { name: /^Host \(/ }) });
  const chart = hostCard.locator(".facet-chart");
  const box = (await chart.boundingBox())!;
  await chart.click({ position: { x: box.width - 60, y: 15 } }); // the top bar reaches the right edge (100 %)
  const narrowed = `${q} hostname:${host}`;
  await expect.poll(() => new URLSearchParams(new URL(page.url()).hash.split("?")[1]).get("q")).toBe(narrowed);
  await expectTotalMatchesApi(page, api, narrowed);
  expect(await shownTotal(page)).toBeLessThanOrEqual((await search(api, { ...pageParams(q), rows: "0" })).total_results);

  // Save the narrowed query as a watchlist, check the API has it, then remove it again.
  const watchlistName = `e2e search ${Date.now()}`;
  await page.getByRole("button", { name: "Save as watchlist" }).click();
  await page.getByRole("dialog").getByLabel("Watchlist name").fill(watchlistName);
  await page.getByRole("button", { name: "Save watchlist" }).click();
  await expect(page.getByText(`Saved watchlist “${watchlistName}”`)).toBeVisible();
  const lists: { id: string; name: string; search_query: string }[] = await (await api.get("/api/v1/watchlist")).json();
  const saved = lists.find((w) => w.name === watchlistName);
  expect(saved).toBeDefined();
  expect(new URLSearchParams(saved!.search_query).get("q")).toBe(narrowed);
  expect((await api.delete(`/api/v1/watchlist/${saved!.id}`)).ok()).toBeTruthy();
});

test("a malformed query shows the server's message inline", async ({ loggedIn: page, api }) => {
  const bad = "process_name:(svchost.exe";
  const r = await api.get("/api/v1/process", { params: { q: bad, rows: "0" } });
  expect(r.status()).toBe(400);
  const reason: { reason: string; message: string } = await r.json();
  expect(reason.reason).toBe("query_malformed_syntax");

  await page.goto("/#/search");
  const box = page.getByRole("textbox", { name: "Query" });
  await box.click();
  await page.keyboard.type(bad);
  await page.keyboard.press("Escape"); // close the completion list, if open
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText(reason.message);
  await expect(page.locator(".cm-q-error").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Process search", level: 1 })).toBeVisible();
});

test("paging keeps the analyst's place through back and forward", async ({ loggedIn: page, api }) => {
  const all = await search(api, { q: "", rows: "0", "cb.group": "id" });
  test.skip(all.total_results <= 100, "needs more than one page of processes");
  // A window ending now keeps later uploads from shifting the pages during the test.
  const to = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  await page.goto(`/#/search?q=&window=custom&to=${encodeURIComponent(to)}&sort=start+desc&start=0&rows=100&group=process`);
  await expect(resultRows(page).first()).toBeVisible();
  const scroller = page.locator(".results .table-scroll");
  await scroller.evaluate((el) => (el.scrollTop = 600));
  await page.waitForTimeout(200);

  // The simulated sensors keep uploading processes (with sensor-clock times inside the window), so a second API call
  // may already see a shifted page: the page must show what the API answered to its own request for page 2.
  const answered = page.waitForResponse((r) => r.url().includes("/api/v1/process?") && r.url().includes("start=100"));
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/start=100&/);
  await expect(page.getByText(/^101–/)).toBeVisible();
  const page2 = (await (await answered).json()) as { results: { process_pid: number }[] };
  await expect(resultRows(page).first().locator("td").nth(4)).toHaveText(String(page2.results[0].process_pid));

  await page.goBack();
  await expect(page).toHaveURL(/start=0&/);
  await expect(page.getByText(/^1–100 of/)).toBeVisible();
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(500);
  await page.goForward();
  await expect(page).toHaveURL(/start=100&/);
});

test("1,000 result rows render (the time is printed, not asserted)", async ({ loggedIn: page, api }) => {
  const all = await search(api, { q: "*", rows: "0" });
  const shown = Math.min(1000, all.total_results);
  await page.goto("/#/search?q=*&window=all&sort=last_update+desc&start=0&rows=1000&group=segment");
  await expect(resultRows(page).first()).toBeVisible();
  // Three renders of a fresh page of rows (as loaded, then sorted two ways); the machine may be busy with other work,
  // so the best of the three is what the table costs.
  const renders = async (n: number) =>
    (
      await page.waitForFunction(
        ([rows, count]) => {
          const all = performance.getEntriesByName("search-results-render") as PerformanceMeasure[];
          const full = all.filter((m) => (m.detail as { rows: number }).rows === rows);
          return full.length >= count
            ? full.map((m) => ({ duration: m.duration, commitMs: (m.detail as { commitMs: number }).commitMs }))
            : null;
        },
        [shown, n],
      )
    ).jsonValue();
  await renders(1);
  const startHeader = page.getByRole("button", { name: /^Start time/ });
  await startHeader.click();
  await expect(page).toHaveURL(/sort=start\+desc/);
  await renders(2);
  await startHeader.click();
  await expect(page).toHaveURL(/sort=start\+asc/);
  const measured = (await renders(3))!;
  const best = Math.min(...measured.map((m) => m.duration));
  console.log(
    `search: ${shown} result rows (of ${all.total_results} segments) rendered in ` +
      measured.map((m) => `${m.duration.toFixed(1)} ms (React commit ${m.commitMs.toFixed(1)} ms)`).join(", ") +
      `; best ${best.toFixed(1)} ms`,
  );
  // A figure for the closing note, never a threshold: a test must not fail because the machine is busy.
  expect(measured).toHaveLength(3);
});

test("a viewer is not offered 'Save as watchlist'", async ({ browser }) => {
  const viewer = process.env.LAMPBLACK_VIEWER;
  test.skip(!viewer, "LAMPBLACK_VIEWER is not set");
  const context = await browser.newContext({ baseURL: env.url, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await login(page, viewer!, process.env.LAMPBLACK_VIEWER_PASSWORD ?? "");
  await page.goto("/#/search?q=");
  await expect(page.getByTestId("total-results")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save as watchlist" })).toHaveCount(0);
  await context.close();
});
