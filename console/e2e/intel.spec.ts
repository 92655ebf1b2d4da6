import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { expect, expectAccessible, login, screenshot, test } from "./fixtures";
import type { FeedDocument, WatchlistDocument } from "../src/api/wire";

// Threat intelligence against a real server: a feed added by URL (served from this test, since the server cannot
// reach the internet), its reports ignored and heeded, a watchlist created, edited and deleted; every state is read
// back from the REST API. What the test adds it deletes again.

/** A Carbon Black feed document (reference §5.9/§5.10, cbfeeds' format) with `count` reports of made-up indicators. */
function feedDocument(name: string, count: number) {
  const reports = Array.from({ length: count }, (_, i) => ({
    id: `e2e-report-${i}`,
    timestamp: 1_760_000_000 + i * 3600,
    link: `https://intel.example/reports/${i}`,
    title: `E2E report ${String(i).padStart(3, "0")}`,
    score: (i * 7) % 101,
    tags: ["e2e"],
    // Indicators nothing in the corpus has: the feed raises no hit.
    iocs: i % 2 === 0 ? { md5: [randomBytes(16).toString("hex")] } : { dns: [`e2e-${i}.invalid`], ipv4: [`198.51.100.${(i % 250) + 1}`] },
  }));
  return {
    feedinfo: {
      name,
      display_name: `E2E feed ${name}`,
      provider_url: "https://intel.example",
      summary: "Reports made up by the console's end-to-end test",
      tech_data: "none",
      category: "Testing",
    },
    reports,
  };
}

async function serve(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === "/feed.json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.json`, server };
}

type ApiFeed = Pick<FeedDocument, "id" | "name" | "display_name" | "enabled" | "feed_url">;

test("add a feed by URL, read its reports, ignore and heed them, synchronise, disable and delete it", async ({ loggedIn: page, api }) => {
  const name = `e2efeed${Date.now()}`;
  const reportCount = 130; // more than a page of 100
  const { url, server } = await serve(JSON.stringify(feedDocument(name, reportCount)));
  try {
    await page.goto("/#/intel/feeds");
    await expect(page.getByRole("heading", { name: "Threat intelligence" })).toBeVisible();

    // A URL nothing answers is refused, and the dialog says why.
    await page.getByRole("button", { name: "Add feed" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a feed" });
    await expectAccessible(page);
    await dialog.getByLabel("Feed URL").fill(url.replace("/feed.json", "/missing.json"));
    await dialog.getByRole("button", { name: "Add feed" }).click();
    await expect(dialog.getByRole("alert")).toBeVisible();

    await dialog.getByLabel("Feed URL").fill(url);
    await dialog.getByRole("button", { name: "Add feed" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Feed E2E feed ${name} added.` })).toBeVisible();

    const feeds: ApiFeed[] = await (await api.get("/api/v1/feed")).json();
    const feed = feeds.find((f) => f.name === name);
    expect(feed, "the server has the feed the page added").toBeTruthy();
    expect(feed!.feed_url).toBe(url);
    const reports = await (await api.get(`/api/v1/threat_report?q=feed_id:${feed!.id}&rows=0`)).json();
    expect(reports.total_results).toBe(reportCount);

    // The list shows what the server says: the feed, enabled, with its report count.
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: feed!.display_name }) });
    await expect(row).toContainText("Enabled");
    await expect(row.getByRole("cell").nth(4)).toHaveText(reportCount.toLocaleString());

    // Its reports, a page at a time; the page is in the URL.
    await row.getByRole("link", { name: feed!.display_name }).click();
    await expect(page).toHaveURL(new RegExp(`feed=${feed!.id}`));
    await expect(page.getByTestId("report-range")).toHaveText(`1–100 of ${reportCount} reports`);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByTestId("report-range")).toHaveText(`101–${reportCount} of ${reportCount} reports`);
    await page.reload();
    await expect(page.getByTestId("report-range")).toHaveText(`101–${reportCount} of ${reportCount} reports`);
    await page.goBack();
    await expect(page.getByTestId("report-range")).toHaveText(`1–100 of ${reportCount} reports`);

    // The highest score first (the server's order): the first row is the report the API ranks first.
    const top = await (await api.get(`/api/v1/threat_report?q=feed_id:${feed!.id}&rows=1&sort=score+desc`)).json();
    const reportsTable = page.getByRole("table", { name: `Reports of ${feed!.display_name}` });
    await expect(reportsTable.getByRole("row").nth(1)).toContainText(top.results[0].title);

    await screenshot(page, "intel-feeds");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await screenshot(page, "intel-feeds-dark");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Switch to light theme" }).click();

    // Ignore one report, then two more selected together; the server says so.
    const title = top.results[0].title as string;
    await page.getByRole("button", { name: `Ignore ${title}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "1 report of" })).toBeVisible();
    await expect
      .poll(async () => (await (await api.get(`/api/v1/feed/${feed!.id}/report/${top.results[0].id}`)).json()).is_ignored)
      .toBe(true);

    const second = await (await api.get(`/api/v1/threat_report?q=feed_id:${feed!.id}&rows=3&sort=score+desc`)).json();
    for (const r of second.results.slice(1)) await reportsTable.getByRole("checkbox", { name: `Select ${r.title}` }).check();
    await page.getByRole("button", { name: "Ignore selected (2)" }).click();
    await expect(page.getByRole("status").filter({ hasText: "2 reports of" })).toBeVisible();
    const ignoredCount = async () =>
      (await (await api.get(`/api/v1/threat_report?q=feed_id:${feed!.id} is_ignored:true&rows=0`)).json()).total_results;
    await expect.poll(ignoredCount).toBe(3);

    // Only the ignored ones, then heed them all again.
    await page.getByLabel("Show").selectOption("ignored");
    await expect(page.getByTestId("report-range")).toHaveText("1–3 of 3 reports");
    await reportsTable.getByRole("checkbox", { name: "Select all rows" }).check();
    await page.getByRole("button", { name: "Heed selected" }).click();
    await expect(page.getByTestId("report-range")).toHaveText("0–0 of 0 reports");
    await expect.poll(ignoredCount).toBe(0);

    // Synchronise now, then disable (a disabled feed is not synchronised).
    await page.getByRole("button", { name: `Synchronise ${feed!.display_name} now` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${feed!.display_name} synchronised.` })).toBeVisible();
    await page.getByRole("button", { name: `Disable ${feed!.display_name}` }).click();
    await expect(row).toContainText("Disabled");
    expect((await (await api.get(`/api/v1/feed/${feed!.id}`)).json()).enabled).toBe(false);
    await expect(page.getByRole("button", { name: `Synchronise ${feed!.display_name} now` })).toBeDisabled();

    // Its actions: an alert on each hit.
    await page.getByRole("button", { name: `Actions of ${feed!.display_name}` }).click();
    const actions = page.getByRole("dialog", { name: `Actions of ${feed!.display_name}` });
    await actions.getByLabel(/Create an alert/).check();
    await actions.getByRole("button", { name: "Save actions" }).click();
    await expect(actions).toBeHidden();
    const saved = await (await api.get(`/api/v1/feed/${feed!.id}/action`)).json();
    expect(saved.map((a: { action_type: number }) => a.action_type)).toEqual([3]);

    // Delete it, confirmed; the server no longer has it.
    await page.getByRole("button", { name: `Delete ${feed!.display_name}` }).click();
    await page.getByRole("dialog", { name: `Delete the feed ${feed!.display_name}?` }).getByRole("button", { name: "Delete feed" }).click();
    await expect(page.getByRole("link", { name: feed!.display_name })).toHaveCount(0);
    expect((await api.get(`/api/v1/feed/${feed!.id}`)).status()).toBe(404);
  } finally {
    // Leave the server as found even when an assertion failed half-way.
    const left: ApiFeed[] = await (await api.get("/api/v1/feed")).json();
    for (const f of left.filter((x) => x.name === name)) await api.delete(`/api/v1/feed/${f.id}`);
    server.close();
  }
});

type ApiWatchlist = Pick<WatchlistDocument, "id" | "name" | "search_query" | "index_type" | "enabled" | "total_hits">;

test("create a watchlist, see it as the server has it, edit, disable and delete it", async ({ loggedIn: page, api }) => {
  const name = `E2E watchlist ${Date.now()}`;
  const query = "process_name:e2e-never-seen.exe";
  try {
    await page.goto("/#/intel/watchlists");
    await page.getByRole("button", { name: "New watchlist" }).click();
    const dialog = page.getByRole("dialog", { name: "New watchlist" });
    await dialog.getByLabel("Name").fill(name);
    // A query the server cannot parse is refused with its reason.
    await dialog.getByLabel("Query").fill("process_name:(");
    await dialog.getByRole("button", { name: "Create watchlist" }).click();
    await expect(dialog.getByRole("alert")).toContainText("query_malformed_syntax");
    await dialog.getByLabel("Query").fill(query);
    await dialog.getByRole("button", { name: "Create watchlist" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Watchlist ${name} created.` })).toBeVisible();

    const all: ApiWatchlist[] = await (await api.get("/api/v1/watchlist")).json();
    const w = all.find((x) => x.name === name)!;
    expect(w, "the server has the watchlist").toBeTruthy();
    expect(new URLSearchParams(w.search_query).get("q")).toBe(query);
    expect(w.index_type).toBe("events");
    expect(w.enabled).toBe(true);

    // Every watchlist the server has is listed, this one as the server says.
    for (const x of all) await expect(page.getByRole("cell", { name: x.name, exact: true })).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(row).toContainText(query);
    await expect(row).toContainText("Process");
    await expect(row).toContainText("Enabled");
    await expect(row.getByRole("link", { name: new RegExp(`hits of ${name}`) })).toHaveAttribute(
      "href",
      `#/search?q=watchlist_${w.id}%3A*`,
    );
    await screenshot(page, "intel-watchlists");
    await expectAccessible(page);

    // Edit the query.
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit the watchlist ${name}` });
    await edit.getByLabel("Query").fill("process_name:e2e-other.exe");
    await edit.getByRole("button", { name: "Save watchlist" }).click();
    await expect(row).toContainText("process_name:e2e-other.exe");
    const edited: ApiWatchlist = await (await api.get(`/api/v1/watchlist/${w.id}`)).json();
    expect(new URLSearchParams(edited.search_query).get("q")).toBe("process_name:e2e-other.exe");

    // Disable it.
    await page.getByRole("button", { name: `Disable ${name}` }).click();
    await expect(row).toContainText("Disabled");
    expect((await (await api.get(`/api/v1/watchlist/${w.id}`)).json()).enabled).toBe(false);

    // Delete it, confirmed.
    await page.getByRole("button", { name: `Delete ${name}` }).click();
    await page.getByRole("dialog", { name: `Delete the watchlist ${name}?` }).getByRole("button", { name: "Delete watchlist" }).click();
    await expect(page.getByRole("cell", { name, exact: true })).toHaveCount(0);
    expect((await api.get(`/api/v1/watchlist/${w.id}`)).status()).toBe(404);
  } finally {
    const left: ApiWatchlist[] = await (await api.get("/api/v1/watchlist")).json();
    for (const x of left.filter((x) => x.name === name)) await api.delete(`/api/v1/watchlist/${x.id}`);
  }
});

test("a viewer reads feeds and watchlists but is offered no change", async ({ page }) => {
  test.skip(!process.env.LAMPBLACK_VIEWER, "no viewer user given (LAMPBLACK_VIEWER)");
  await login(page, process.env.LAMPBLACK_VIEWER!, process.env.LAMPBLACK_VIEWER_PASSWORD ?? "");
  await page.goto("/#/intel/feeds");
  await expect(page.getByRole("table", { name: "Threat intelligence feeds" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add feed" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await page.getByRole("tab", { name: "Watchlists" }).click();
  await expect(page.getByRole("table", { name: "Watchlists" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New watchlist" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
});
