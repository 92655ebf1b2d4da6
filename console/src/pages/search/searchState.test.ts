import { processSearchQuery } from "../../api/process";
import { withQuery } from "../../api/client";
import {
  DEFAULT_STATE,
  alignedStart,
  facetsRequest,
  parseSearchState,
  resultsRequest,
  toSearchParams,
  windowBounds,
  type SearchState,
} from "./searchState";

const roundTrip = (s: SearchState) => parseSearchState(new URLSearchParams(toSearchParams(s).toString()));

describe("search state in the URL", () => {
  it("round-trips every part of the state", () => {
    const s: SearchState = {
      q: 'path:"c:\\program files\\x.exe" AND (a OR -b) & c=d',
      window: "7d",
      sort: "netconn_count desc",
      start: 300,
      rows: 100,
      group: "segment",
    };
    expect(roundTrip(s)).toEqual(s);
    const custom: SearchState = { ...DEFAULT_STATE, q: "x", window: "custom", from: "2026-12-01T00:00:00Z", to: "2026-12-02T12:30:00Z" };
    expect(roundTrip(custom)).toEqual(custom);
    expect(roundTrip(DEFAULT_STATE)).toEqual(DEFAULT_STATE);
    const anchored: SearchState = { ...DEFAULT_STATE, q: "x", window: "24h", at: 29_425_000 };
    expect(roundTrip(anchored)).toEqual(anchored);
    expect(toSearchParams(anchored).get("at")).toBe("29425000");
  });

  it("keeps an anchor only for a relative window", () => {
    expect(parseSearchState(new URLSearchParams("window=all&at=29425000")).at).toBeUndefined();
    expect(parseSearchState(new URLSearchParams("window=7d&at=soon")).at).toBeUndefined();
    expect(toSearchParams({ ...DEFAULT_STATE, window: "custom", from: "2026-12-01T00:00:00Z", at: 29_425_000 }).has("at")).toBe(false);
  });

  it("writes the whole state as the issue's URL form", () => {
    const s: SearchState = { q: "process_name:svchost.exe", window: "24h", sort: "start desc", start: 100, rows: 100, group: "process" };
    expect(toSearchParams(s).toString()).toBe(
      "q=process_name%3Asvchost.exe&window=24h&sort=start+desc&start=100&rows=100&group=process",
    );
  });

  it("falls back to defaults for what is missing or malformed", () => {
    expect(parseSearchState(new URLSearchParams(""))).toEqual(DEFAULT_STATE);
    const s = parseSearchState(new URLSearchParams("q=x&window=2y&sort=cmdline%20asc&start=-5&rows=77&group=banana&from=yesterday"));
    expect(s).toEqual({ ...DEFAULT_STATE, q: "x" });
    expect(parseSearchState(new URLSearchParams("sort=START")).sort).toBe("start asc");
    expect(parseSearchState(new URLSearchParams("window=custom&from=2026-13&to=2026-12-02T00:00Z"))).toMatchObject({
      window: "custom",
      to: "2026-12-02T00:00Z",
    });
  });

  it("turns the window into the API's cb.min_last_update, relative to when the search ran", () => {
    const now = Date.parse("2026-12-08T12:00:00Z");
    expect(windowBounds({ ...DEFAULT_STATE, window: "24h" }, now)).toEqual({ min: "2026-12-07T12:00:00Z" });
    expect(windowBounds({ ...DEFAULT_STATE, window: "1h" }, now)).toEqual({ min: "2026-12-08T11:00:00Z" });
    expect(windowBounds({ ...DEFAULT_STATE, window: "all" }, now)).toEqual({});
    // Anchored, the window ends at its minute whenever the search is repeated.
    const at = Date.parse("2026-12-01T08:30:00Z") / 60_000;
    expect(windowBounds({ ...DEFAULT_STATE, window: "24h", at }, now)).toEqual({ min: "2026-11-30T08:30:00Z" });
    expect(windowBounds({ ...DEFAULT_STATE, window: "custom", to: "2026-12-01T00:00:00Z" }, now)).toEqual({
      min: undefined,
      max: "2026-12-01T00:00:00Z",
    });
  });

  it("asks the API for the page, sorted and grouped, and separately for the facets", () => {
    const now = Date.parse("2026-12-08T12:00:00Z");
    const s: SearchState = { q: "process_name:svchost.exe", window: "30d", sort: "start desc", start: 200, rows: 100, group: "process" };
    expect(withQuery("/api/v1/process", processSearchQuery(resultsRequest(s, now)))).toBe(
      "/api/v1/process?cb.urlver=1&q=process_name%3Asvchost.exe&start=200&rows=100&sort=start+desc&cb.group=id" +
        "&cb.min_last_update=2026-11-08T12%3A00%3A00Z&facet=false",
    );
    const facets = withQuery("/api/v1/process", processSearchQuery(facetsRequest({ ...s, group: "segment" }, now)));
    expect(facets).toContain("start=0&rows=0&");
    expect(facets).not.toContain("cb.group");
    expect(facets).not.toContain("sort=");
    expect(facets).toContain("facet=true&facet.field=process_name&facet.field=hostname&facet.field=username_full");
  });

  it("keeps the first row on screen when the page size changes", () => {
    expect(alignedStart(250, 100)).toBe(200);
    expect(alignedStart(250, 10)).toBe(250);
    expect(alignedStart(250, 1000)).toBe(0);
  });
});
