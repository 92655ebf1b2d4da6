import { alertQuery, DEFAULT_FILTERS, filtersToParams, pageCount, parseFilters, searchParams } from "./alertFilters";
import { alertTarget, queryValue, type Alert } from "../../api/alerts";

describe("the alerts page's URL", () => {
  it("opens on the unresolved alerts, newest first", () => {
    const f = parseFilters(new URLSearchParams(""));
    expect(f).toEqual(DEFAULT_FILTERS);
    expect(searchParams(f)).toEqual({ q: "status:Unresolved", sort: "created_time desc", start: 0, rows: 100 });
    expect(filtersToParams(f).toString()).toBe("");
  });

  it("holds every filter, the order and the page, and reads back the same", () => {
    const p = new URLSearchParams(
      "status=In+Progress&minsev=40&maxsev=90&minscore=50&source=Console+alerts%3A+svchost.exe&host=SIM*&window=24h&q=username%3Aalice&sort=report_score&dir=asc&page=3&rows=50",
    );
    const f = parseFilters(p);
    expect(f).toEqual({
      status: "In Progress",
      minSeverity: 40,
      maxSeverity: 90,
      minScore: 50,
      maxScore: null,
      source: "Console alerts: svchost.exe",
      hostname: "SIM*",
      window: "24h",
      query: "username:alice",
      sort: "report_score",
      desc: false,
      page: 3,
      rows: 50,
    });
    expect(parseFilters(filtersToParams(f))).toEqual(f);
    expect(searchParams(f)).toEqual({
      q: 'status:"In Progress" alert_severity:[40 TO 90] report_score:[50 TO *] (watchlist_name:"Console alerts: svchost.exe" OR feed_name:"Console alerts: svchost.exe") hostname:SIM* created_time:-24h (username:alice)',
      sort: "report_score asc",
      start: 100,
      rows: 50,
    });
  });

  it("says 'any' status explicitly, and falls back on defaults for nonsense", () => {
    const any = { ...DEFAULT_FILTERS, status: null };
    expect(filtersToParams(any).toString()).toBe("status=any");
    expect(parseFilters(new URLSearchParams("status=any")).status).toBeNull();
    expect(alertQuery(any)).toBe("");
    const junk = parseFilters(new URLSearchParams("sort=drop_table&page=-2&rows=7&window=forever&minsev=abc"));
    expect(junk).toMatchObject({ sort: "created_time", page: 1, rows: 100, window: "", minSeverity: null });
  });

  it("opens severity ranges on one side", () => {
    expect(alertQuery({ ...DEFAULT_FILTERS, status: null, minSeverity: 50 })).toBe("alert_severity:[50 TO *]");
    expect(alertQuery({ ...DEFAULT_FILTERS, status: null, maxSeverity: 20 })).toBe("alert_severity:[* TO 20]");
  });

  it("counts pages", () => {
    expect(pageCount(0, 100)).toBe(1);
    expect(pageCount(100, 100)).toBe(1);
    expect(pageCount(101, 100)).toBe(2);
  });
});

describe("query values", () => {
  it("are bare when one token and quoted otherwise", () => {
    expect(queryValue("WIN-01")).toBe("WIN-01");
    expect(queryValue("web*")).toBe("web*");
    expect(queryValue("My Watchlist")).toBe('"My Watchlist"');
    expect(queryValue('say "hi"')).toBe('"say \\"hi\\""');
  });
});

describe("where an alert leads", () => {
  const base = { alert_type: "watchlist.hit.query.process", md5: "56718fcc53976d5fc8712fd7abb864aa" } as Alert;
  it("a process alert to its process's analysis, in webui_link form", () => {
    expect(alertTarget({ ...base, process_id: "00000007-0000-0494-01da-1747f4936c30", segment_id: 1796689930750 })).toEqual({
      kind: "process",
      path: "/analyze/00000007-0000-0494-01da-1747f4936c30/1796689930750",
    });
    expect(alertTarget({ ...base, process_id: "00000007-0000-0494-01da-1747f4936c30" })?.path).toBe(
      "/analyze/00000007-0000-0494-01da-1747f4936c30",
    );
  });
  it("a binary alert to the binary", () => {
    expect(alertTarget({ ...base, alert_type: "watchlist.hit.query.binary" })).toEqual({
      kind: "binary",
      path: "/binary/56718FCC53976D5FC8712FD7ABB864AA",
    });
  });
});
