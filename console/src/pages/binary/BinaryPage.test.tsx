import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ConsoleSession } from "../../api/session";
import BinaryPage, { parseEndpoints } from "./BinaryPage";
import { fakeServer, giveElementsHeight, json, polyfillDialog, renderPage } from "../analyze/test-utils";

let restoreLayout: () => void;
beforeAll(() => polyfillDialog());
beforeEach(() => {
  restoreLayout = giveElementsHeight(600);
});
afterEach(() => restoreLayout());

const MD5 = "E3A2AD05E24105B35E986CF9CB38EC47";
// /api/v1/binary/<md5>/summary as the demo server answers it.
const binary = {
  md5: MD5,
  server_added_timestamp: "2026-12-08T00:24:40.283Z",
  last_seen: "2026-12-08T00:24:40.441Z",
  orig_mod_len: 38792,
  copied_mod_len: 38792,
  observed_filename: ["c:\\windows\\system32\\svchost.exe"],
  is_executable_image: true,
  is_64bit: true,
  file_desc: "Host Process for Windows Services",
  file_version: "6.3.9600.17415 (winblue_r4.141028-1500)",
  product_name: "Microsoft® Windows® Operating System",
  product_version: "6.3.9600.17415",
  company_name: "Microsoft Corporation",
  internal_name: "svchost.exe",
  legal_copyright: "© Microsoft Corporation. All rights reserved.",
  original_filename: "svchost.exe",
  signed: "Signed",
  digsig_result: "Signed",
  digsig_result_code: "0",
  digsig_sign_time: "2014-11-08T02:54:00.000Z",
  digsig_publisher: "Microsoft Corporation",
  digsig_issuer: "Microsoft Windows Production PCA 2011",
  digsig_subject: "Microsoft Windows Publisher",
  digsig_prog_name: "Microsoft Windows",
  host_count: 2,
  endpoint: ["WIN-OTEMNUTBS23|2", "JASON-WIN81-VM|1"],
  group: ["Default Group"],
  os_type: "Windows",
  watchlists: [],
  icon: "",
};

function server(session: Partial<ConsoleSession> = {}, banned = false) {
  let ban = banned ? { md5hash: MD5.toLowerCase(), text: "old ban", enabled: true } : null;
  return fakeServer(session)
    .on("GET", `/api/v1/binary/${MD5}/summary`, () => binary)
    .on("GET", "/api/v1/process/host/count", () => ({ hostCount: 1, globalCount: 13, numDocs: 7414 }))
    .on("GET", `/api/v1/banning/blacklist/${MD5.toLowerCase()}`, () => ban ?? json(404, { reason: "not_found", message: "not banned" }))
    .on("POST", "/api/v1/banning/blacklist", (_u, init) => {
      const body = JSON.parse(String(init.body));
      ban = { md5hash: body.md5hash, text: body.text, enabled: true };
      return { result: "success" };
    })
    .on("DELETE", `/api/v1/banning/blacklist/${MD5.toLowerCase()}`, () => {
      ban = null;
      return { md5hash: MD5.toLowerCase(), enabled: false };
    })
    .on("GET", `/api/v1/binary/${MD5}`, () => json(404, { reason: "not_found", message: "file of binary not found" }));
}

const routes = [{ path: "/binary/:md5", element: <BinaryPage /> }];

describe("the binary page", () => {
  it("shows the metadata, signature, version and frequency the server gives", async () => {
    const s = server();
    renderPage(`/binary/${MD5.toLowerCase()}`, routes);
    expect(await screen.findByRole("heading", { level: 1, name: "svchost.exe" })).toBeInTheDocument();
    expect(s.calls).toContain(`GET /api/v1/binary/${MD5}/summary`);
    const sig = screen.getByRole("region", { name: "Signature" });
    expect(within(sig).getByText("Signed")).toHaveClass("badge", "ok");
    expect(within(sig).getByText("Microsoft Windows Production PCA 2011")).toBeInTheDocument();
    const version = screen.getByRole("region", { name: "Version information" });
    expect(within(version).getByText("6.3.9600.17415 (winblue_r4.141028-1500)")).toBeInTheDocument();
    const file = screen.getByRole("region", { name: "File" });
    expect(within(file).getByText("37.9 KiB (38,792 bytes)")).toBeInTheDocument();
    expect(within(file).getByText("executable, 64-bit")).toBeInTheDocument();
    const freq = screen.getByRole("region", { name: "Frequency" });
    expect(within(freq).getByTestId("host-count")).toHaveTextContent("2");
    expect(await within(freq).findByText("on 1 of 13 hosts")).toBeInTheDocument();
    const hosts = screen.getByRole("region", { name: "Hosts seen on" });
    expect(within(hosts).getByRole("link", { name: "WIN-OTEMNUTBS23" })).toHaveAttribute("href", "/sensors/2");
    expect(within(hosts).getByRole("link", { name: "JASON-WIN81-VM" })).toHaveAttribute("href", "/sensors/1");
    expect(screen.getByRole("link", { name: "Processes that ran it" })).toHaveAttribute(
      "href",
      `/search?q=${encodeURIComponent(`md5:${MD5.toLowerCase()}`)}`,
    );
  });

  it("bans after confirmation and unbans, for a global administrator", async () => {
    const s = server({ global_admin: true });
    renderPage(`/binary/${MD5}`, routes);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Ban hash" }));
    await user.click(within(screen.getByRole("dialog", { name: "Ban this hash?" })).getByRole("button", { name: "Ban" }));
    expect(await screen.findByText("Hash banned")).toBeInTheDocument();
    expect(s.calls).toContain("POST /api/v1/banning/blacklist");
    await user.click(screen.getByRole("button", { name: "Unban hash" }));
    await user.click(within(screen.getByRole("dialog", { name: "Lift the ban?" })).getByRole("button", { name: "Unban" }));
    await waitFor(() => expect(screen.queryByText("Hash banned")).toBeNull());
    expect(s.calls).toContain(`DELETE /api/v1/banning/blacklist/${MD5.toLowerCase()}`);
    expect(await screen.findByRole("button", { name: "Ban hash" })).toBeInTheDocument();
  });

  it("shows a viewer the ban but no button to change it", async () => {
    server({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Administrator" }] }, true);
    renderPage(`/binary/${MD5}`, routes);
    expect(await screen.findByText("Hash banned")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /ban hash/i })).toBeNull();
  });

  it("says when the server holds no copy of the file to download", async () => {
    server();
    renderPage(`/binary/${MD5}`, routes);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Download" }));
    expect(await screen.findByText("The server holds no copy of this file.")).toBeInTheDocument();
  });

  it("saves the zip the server sends", async () => {
    const s = server();
    s.on("GET", `/api/v1/binary/${MD5}`, () => new Response(new Uint8Array([80, 75, 3, 4]), { status: 200, headers: { "Content-Type": "application/zip" } }));
    // jsdom neither makes object URLs nor saves files: both are stood in for, and put back after.
    const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    const created = vi.fn((_blob: Blob) => "blob:zip");
    URL.createObjectURL = created;
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderPage(`/binary/${MD5}`, routes);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Download" }));
    expect(await screen.findByText(`Downloaded ${MD5}.zip (4 B).`)).toBeInTheDocument();
    expect(created.mock.calls[0][0].size).toBe(4);
    expect(clicked).toHaveBeenCalled();
    clicked.mockRestore();
    URL.createObjectURL = saved.create;
    URL.revokeObjectURL = saved.revoke;
  });

  it("says when the server knows no such binary, and refuses what is not an md5", async () => {
    fakeServer().on("GET", new RegExp("/summary$"), () => json(404, { reason: "not_found", message: "binary not found" }));
    renderPage(`/binary/${MD5}`, routes);
    expect(await screen.findByText(/This server holds no description of/)).toBeInTheDocument();
    renderPage(`/binary/xyz`, routes);
    expect(await screen.findByText("“xyz” is not an MD5 (32 hexadecimal digits).")).toBeInTheDocument();
  });
});

describe("a binary the sensor could not describe (a Linux sensor sends \"(unknown)\")", () => {
  it("is named after the path it was seen at, leaves placeholders out, and reads the signature code", async () => {
    const linux = {
      ...binary,
      original_filename: "(unknown)",
      internal_name: "(unknown)",
      company_name: "(unknown)",
      file_version: "(unknown)",
      observed_filename: ["/usr/bin/gawk"],
      digsig_result: "Unsigned",
      digsig_result_code: "2148204800",
      digsig_publisher: undefined,
    };
    fakeServer()
      .on("GET", `/api/v1/binary/${MD5}/summary`, () => linux)
      .on("GET", "/api/v1/process/host/count", () => ({ hostCount: 1, globalCount: 1, numDocs: 10 }))
      .on("GET", new RegExp("^/api/v1/banning/blacklist/"), () => json(404, { reason: "not_found", message: "not banned" }));
    renderPage(`/binary/${MD5}`, routes);
    expect(await screen.findByRole("heading", { level: 1, name: "gawk" })).toBeInTheDocument();
    expect(screen.queryByText("(unknown)")).toBeNull();
    expect(within(screen.getByRole("region", { name: "Signature" })).getByText("2148204800 (0x800B0100)")).toBeInTheDocument();
    expect(within(screen.getByRole("region", { name: "Signature" })).getByText("Unsigned")).toHaveClass("warn");
  });
});

describe("endpoints", () => {
  it("reads HOST|sensor_id entries", () => {
    expect(parseEndpoints(["WIN-OTEMNUTBS23|2", "odd|name|7", "nohost"])).toEqual([
      { hostname: "WIN-OTEMNUTBS23", sensorId: 2 },
      { hostname: "odd|name", sensorId: 7 },
      { hostname: "nohost", sensorId: null },
    ]);
  });
});
