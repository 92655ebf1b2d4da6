import type { APIRequestContext } from "@playwright/test";
import { expect, expectAccessible, screenshot, test } from "./fixtures";

// A binary the server describes, chosen through the API (names and counts differ between runs), checked field by
// field against /api/v1/binary/<md5>/summary; then download; and ban + unban (left as found).

interface Binary {
  md5: string;
  os_type?: string;
  original_filename?: string;
  observed_filename?: string[];
  internal_name?: string;
  host_count?: number;
  endpoint?: string[];
  digsig_result?: string;
  digsig_publisher?: string;
  company_name?: string;
  file_version?: string;
  orig_mod_len?: number;
}

/** Described binaries, those seen on a host first; `stored` says which of them the server has the file of. */
async function binaries(api: APIRequestContext): Promise<Binary[]> {
  const r = await api.get("/api/v1/binary?q=&rows=200&start=0");
  expect(r.ok()).toBe(true);
  const list = ((await r.json()) as { results: Binary[] }).results;
  return list.sort((a, b) => Number(!!b.endpoint?.length && !!b.digsig_result) - Number(!!a.endpoint?.length && !!a.digsig_result));
}

test("the binary page shows what the API says and downloads the file", async ({ loggedIn: page, api }) => {
  const list = await binaries(api);
  test.skip(list.length === 0, "the server describes no binary");
  const md5 = list[0].md5.toUpperCase();
  const b = (await (await api.get(`/api/v1/binary/${md5}/summary`)).json()) as Binary;

  await page.goto(`/#/binary/${md5.toLowerCase()}`);
  // The page's name for it: original name, internal name, last part of a path it was seen at ("(unknown)" is no name).
  const named = (v?: string) => (v && v !== "(unknown)" ? v : undefined);
  const title = named(b.original_filename) || named(b.internal_name) || b.observed_filename?.[0]?.split(/[\\/]/).pop() || md5;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByTestId("host-count")).toHaveText(Number(b.host_count ?? b.endpoint?.length ?? 0).toLocaleString("en-US"));
  if (b.digsig_result) {
    await expect(page.getByRole("region", { name: "Signature" }).getByText(b.digsig_result, { exact: true })).toBeVisible();
  }
  if (named(b.digsig_publisher)) await expect(page.getByRole("region", { name: "Signature" })).toContainText(b.digsig_publisher!);
  if (named(b.company_name)) await expect(page.getByRole("region", { name: "Version information" })).toContainText(b.company_name!);
  if (named(b.file_version)) await expect(page.getByRole("region", { name: "Version information" })).toContainText(b.file_version!);
  if (b.orig_mod_len !== undefined) {
    await expect(page.getByRole("region", { name: "File" })).toContainText(`${b.orig_mod_len.toLocaleString("en-US")} bytes`);
  }
  const freq = await (await api.get(`/api/v1/process/host/count?cb.freqver=1&md5=${md5}&name=md5`)).json();
  await expect(page.getByRole("region", { name: "Frequency" })).toContainText(
    `on ${freq.hostCount.toLocaleString("en-US")} of ${freq.globalCount.toLocaleString("en-US")} hosts`,
  );
  const endpoint = b.endpoint?.[0];
  if (endpoint) {
    const [host, sensor] = [endpoint.slice(0, endpoint.lastIndexOf("|")), endpoint.slice(endpoint.lastIndexOf("|") + 1)];
    await expect(page.getByRole("region", { name: "Hosts seen on" }).getByRole("link", { name: host }).first()).toHaveAttribute(
      "href",
      `#/sensors/${sensor}`,
    );
  }
  await expect(page.getByRole("link", { name: "Processes that ran it" })).toHaveAttribute(
    "href",
    `#/search?q=${encodeURIComponent(`md5:${md5.toLowerCase()}`)}`,
  );
  await screenshot(page, "binary");
  await expectAccessible(page);

  // Download: the zip when the server has the file, else it says it has none.
  const stored = (await api.get(`/api/v1/binary/${md5}`)).status() === 200;
  if (stored) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toBe(`${md5}.zip`);
  } else {
    await page.getByRole("button", { name: "Download" }).click();
    await expect(page.getByText("The server holds no copy of this file.")).toBeVisible();
  }

});

test("a global administrator bans a hash after confirming, and lifts the ban", async ({ loggedIn: page, api }) => {
  // A Windows binary: no sensor of the run executes it (the Linux machine's own sensor may enforce bans), and the ban
  // is lifted at once, leaving the server as found.
  const list = await binaries(api);
  const target = list.find((b) => b.os_type === "Windows");
  test.skip(!target, "the server describes no Windows binary");
  const md5 = target!.md5.toUpperCase();
  const banUrl = `/api/v1/banning/blacklist/${md5.toLowerCase()}`;
  test.skip((await api.get(banUrl)).status() === 200, "the binary is already banned: not changing someone else's ban");
  await page.goto(`/#/binary/${md5}`);
  await page.getByRole("button", { name: "Ban hash" }).click();
  const dialog = page.getByRole("dialog", { name: "Ban this hash?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Ban", exact: true }).click();
  await expect(page.getByText("Hash banned")).toBeVisible();
  await expect.poll(async () => (await api.get(banUrl)).status()).toBe(200);
  await page.getByRole("button", { name: "Unban hash" }).click();
  await page.getByRole("dialog", { name: "Lift the ban?" }).getByRole("button", { name: "Unban", exact: true }).click();
  await expect(page.getByRole("button", { name: "Ban hash" })).toBeVisible();
  await expect.poll(async () => (await api.get(banUrl)).status()).toBe(404);
});

test("an md5 the server does not describe says so", async ({ loggedIn: page }) => {
  await page.goto("/#/binary/00000000000000000000000000000000");
  await expect(page.getByText(/This server holds no description of/)).toBeVisible();
  await expectAccessible(page);
});
