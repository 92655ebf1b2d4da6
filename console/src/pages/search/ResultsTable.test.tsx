import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import type { ProcessDocument } from "../../api/process";
import { ResultsTable, sortOf, sortingOf } from "./ResultsTable";

// The machine running the tests may be busy: wait for the page longer than the default second.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
});

const doc = (extra: Partial<ProcessDocument> & Record<string, unknown> = {}): ProcessDocument => ({
  id: "00000002-0000-0494-01da-17467abfa320",
  unique_id: "00000002-0000-0494-01da-17467abfa320-01a2530d3b13",
  segment_id: 1796689705747,
  process_name: "powershell.exe",
  path: "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
  cmdline: "powershell.exe -enc SQBFAFgA",
  process_md5: "56718fcc53976d5fc8712fd7abb864aa",
  process_pid: 1172,
  username: "WORKSTATION\\alice",
  hostname: "SIM-WIN10-00000",
  sensor_id: 2,
  start: "2023-11-14T22:04:03.538Z",
  last_update: "2023-11-14T22:15:50.002Z",
  terminated: false,
  modload_count: 11,
  filemod_count: 17,
  regmod_count: 4,
  netconn_count: 2,
  childproc_count: 3,
  crossproc_count: 4,
  ...extra,
});

function renderTable(rows: ProcessDocument[], sort = "last_update desc", onSort = vi.fn()) {
  render(
    <MemoryRouter initialEntries={["/search"]}>
      <Routes>
        <Route path="/search" element={<ResultsTable rows={rows} sort={sort} onSort={onSort} caption="results" empty="none" />} />
        <Route path="/analyze/:guid/:segment" element={<p>analysis of the process</p>} />
      </Routes>
    </MemoryRouter>,
  );
  return onSort;
}

describe("results table", () => {
  it("shows each column of a process row and links it to its analysis page", () => {
    renderTable([doc()]);
    const row = screen.getAllByRole("row")[1];
    const cells = within(row).getAllByRole("cell").map((c) => c.textContent);
    expect(cells.slice(1)).toEqual([
      "SIM-WIN10-00000",
      "WORKSTATION\\alice",
      "powershell.exe",
      "1172",
      "powershell.exe -enc SQBFAFgA",
      "2",
      "17",
      "11",
      "4",
      "3",
    ]);
    expect(within(row).getByRole("link", { name: "powershell.exe" })).toHaveAttribute(
      "href",
      "/analyze/00000002-0000-0494-01da-17467abfa320/1796689705747",
    );
    expect(screen.queryByRole("columnheader", { name: /Tags/ })).toBeNull();
  });

  it("adds the tags column when a row has feed scores or watchlist hits", () => {
    renderTable([doc({ alliance_score_virustotal: 80, watchlists: [{ wid: "4", value: "2026-12-07T10:00:00Z" }] })]);
    expect(screen.getByRole("columnheader", { name: /Tags/ })).toBeInTheDocument();
    expect(screen.getByText("virustotal 80")).toHaveClass("badge", "danger");
    expect(screen.getByText("watchlist 4")).toBeInTheDocument();
  });

  it("opens a row with Enter", async () => {
    renderTable([doc()]);
    const row = screen.getAllByRole("row")[1];
    row.focus();
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByText("analysis of the process")).toBeInTheDocument();
  });

  it("sorts through the API's sort parameter, counts largest first", async () => {
    const onSort = renderTable([doc()], "process_name asc");
    expect(screen.getByRole("columnheader", { name: /Process/ })).toHaveAttribute("aria-sort", "ascending");
    await userEvent.click(screen.getByRole("button", { name: /^Net/ }));
    expect(onSort).toHaveBeenLastCalledWith("netconn_count desc");
    expect(screen.queryByRole("button", { name: /Command line/ })).toBeNull();
  });

  it("maps the API sort to the table's sorting and back", () => {
    expect(sortingOf("last_update desc")).toEqual([]);
    expect(sortingOf("start asc")).toEqual([{ id: "start", desc: false }]);
    expect(sortOf([{ id: "username_full", desc: true }])).toBe("username_full desc");
    expect(sortOf([])).toBe("last_update desc");
  });
});
