import type { IntelAction } from "../../api/intel";
import { changesFor, choiceOf } from "./ActionsDialog";
import { newFeedBody } from "./AddFeedDialog";
import { feedRows } from "./FeedsPanel";
import { readReportView, writeReportView, DEFAULT_REPORT_SORT } from "./urlState";
import { formOf, inputOf } from "./WatchlistDialog";
import { hitsLink } from "./WatchlistsPanel";

describe("the report view in the URL", () => {
  it("reads defaults from an empty URL", () => {
    expect(readReportView(new URLSearchParams())).toEqual({ feedId: null, text: "", ignored: "all", start: 0, sort: DEFAULT_REPORT_SORT });
  });

  it("reads a feed's filtered, sorted page and writes it back the same", () => {
    const p = new URLSearchParams("feed=7&rq=title%3Aphish&ignored=ignored&start=200&sort=timestamp+asc");
    const v = readReportView(p);
    expect(v).toEqual({ feedId: 7, text: "title:phish", ignored: "ignored", start: 200, sort: "timestamp asc" });
    expect(readReportView(writeReportView(v))).toEqual(v);
  });

  it("refuses what a hand-edited URL may carry", () => {
    const v = readReportView(new URLSearchParams("feed=x7&ignored=maybe&start=-5&sort=title+asc"));
    expect(v).toEqual({ feedId: null, text: "", ignored: "all", start: 0, sort: DEFAULT_REPORT_SORT });
    expect(readReportView(new URLSearchParams("feed=3&start=150")).start).toBe(100); // whole pages only
  });

  it("leaves defaults and unrelated parameters as they are, and drops the report filter with the feed", () => {
    const base = new URLSearchParams("other=1&feed=3&rq=x");
    expect(writeReportView({ feedId: 3, text: "", ignored: "all", start: 0, sort: DEFAULT_REPORT_SORT }, base).toString()).toBe("other=1&feed=3");
    expect(writeReportView({ feedId: null, text: "x", ignored: "ignored", start: 100, sort: "score asc" }, base).toString()).toBe("other=1");
  });
});

const action = (id: number, type: 0 | 1 | 2 | 3, data = "{}"): IntelAction => ({ id, action_type: type, action_data: data, watchlist_id: 4, group_id: -1 });

describe("feed and watchlist actions", () => {
  it("start from what the server has", () => {
    const c = choiceOf([action(1, 3), action(2, 2, '{"url":"https://hooks.example/x"}')]);
    expect(c.on).toEqual({ 0: false, 1: false, 2: true, 3: true });
    expect(c.url).toBe("https://hooks.example/x");
  });

  it("add what is turned on, remove what is turned off, change a moved URL, leave the rest", () => {
    const have = [action(1, 3), action(2, 2, '{"url":"https://old.example"}'), action(3, 1)];
    const changes = changesFor(have, { on: { 0: true, 1: false, 2: true, 3: true }, url: " https://new.example " });
    expect(changes).toEqual([
      { op: "add", type: 0, data: "{}" },
      { op: "remove", action: have[2] },
      { op: "update", action: have[1], data: '{"url":"https://new.example"}' },
    ]);
    expect(changesFor(have, choiceOf(have))).toEqual([]);
  });

  it("keep one action per kind", () => {
    const have = [action(1, 3), action(5, 3)];
    expect(changesFor(have, choiceOf(have))).toEqual([{ op: "remove", action: have[1] }]);
  });
});

describe("adding a feed", () => {
  it("sends credentials only when given", () => {
    expect(newFeedBody({ feed_url: " https://f.example/x.json ", enabled: true, validate_server_cert: false, use_proxy: false, username: " ", password: "" })).toEqual({
      feed_url: "https://f.example/x.json",
      enabled: true,
      validate_server_cert: false,
      use_proxy: false,
    });
    expect(newFeedBody({ feed_url: "u", enabled: false, validate_server_cert: true, use_proxy: true, username: "bob", password: "pw" })).toMatchObject({
      username: "bob",
      password: "pw",
    });
  });

  it("lists each feed with the alerts it raised (none when the facet does not name it)", () => {
    const feed = (id: number) => ({ id }) as never;
    const rows = feedRows([feed(1), feed(2)], new Map([[1, 4]]));
    expect(rows.map((r) => r.hits)).toEqual([4, 0]);
    expect(feedRows([feed(1)], undefined).map((r) => r.hits)).toEqual([0]);
  });
});

describe("watchlists", () => {
  it("edit the query text and keep the stored parameters around it", () => {
    const w = {
      id: "4",
      name: "Unsigned",
      search_query: "cb.urlver=1&q=digsig_result%3AUnsigned&cb.fq.group=Servers",
      index_type: "modules",
      enabled: false,
      description: "d",
    } as never;
    const f = formOf(w);
    expect(f).toMatchObject({ name: "Unsigned", type: "modules", q: "digsig_result:Unsigned", enabled: false });
    expect(inputOf({ ...f, q: "digsig_result:Expired" })).toEqual({
      name: "Unsigned",
      index_type: "modules",
      search_query: "cb.urlver=1&q=digsig_result%3AExpired&cb.fq.group=Servers",
      description: "d",
      enabled: false,
    });
  });

  it("link process watchlists' hits to the search for their tag", () => {
    expect(hitsLink({ id: "12", index_type: "events" })).toBe("/search?q=watchlist_12%3A*");
    expect(hitsLink({ id: "12", index_type: "modules" })).toBeNull();
  });
});
