import { buildSearchQuery, countsByFeed, iocCount, parseSearchQuery, reportQueryText, type ThreatReport } from "./intel";

describe("watchlist search_query", () => {
  it("reads the query text and keeps the other parameters", () => {
    const { q, rest } = parseSearchQuery("cb.urlver=1&q=process_name%3Acmd.exe%20AND%20netconn_count%3A%5B1%20TO%20*%5D&cb.fq.group=Servers&sort=start+desc");
    expect(q).toBe("process_name:cmd.exe AND netconn_count:[1 TO *]");
    expect(rest).toEqual([
      ["cb.fq.group", "Servers"],
      ["sort", "start desc"],
    ]);
  });

  it("reads cbapi's form, where spaces are '+'", () => {
    expect(parseSearchQuery("cb.urlver=1&q=process_name%3Acmd.exe+-path%3Awindows").q).toBe("process_name:cmd.exe -path:windows");
  });

  it("writes cb.urlver=1 first and the query fully percent-encoded, as Carbon Black's console does", () => {
    expect(buildSearchQuery('path:"c:\\program files\\x" & more')).toBe(
      "cb.urlver=1&q=path%3A%22c%3A%5Cprogram%20files%5Cx%22%20%26%20more",
    );
  });

  it("round-trips: what is written reads back the same", () => {
    const q = "md5:0123456789abcdef0123456789abcdef OR domain:evil.example (a+b=c)";
    const rest: [string, string][] = [["cb.q.start", "-1440m"]];
    expect(parseSearchQuery(buildSearchQuery(q, rest))).toEqual({ q, rest });
  });
});

describe("threat reports", () => {
  const report = (iocs: ThreatReport["iocs"]) => ({ iocs });

  it("count every indicator, a query as one", () => {
    expect(iocCount(report({ md5: ["a", "b"], dns: ["x"], ipv4: [] }))).toBe(3);
    expect(iocCount(report({ query: [{ index_type: "events", search_query: "cb.urlver=1&q=x" }] }))).toBe(1);
    expect(iocCount(report({}))).toBe(0);
  });

  it("are searched within their feed, the filter and the text ANDed", () => {
    expect(reportQueryText({ feedId: 7 })).toBe("feed_id:7");
    expect(reportQueryText({ feedId: 7, ignored: true, text: " title:phish OR md5:abc " })).toBe("feed_id:7 is_ignored:true (title:phish OR md5:abc)");
    expect(reportQueryText({ feedId: 7, ignored: false, text: "  " })).toBe("feed_id:7 is_ignored:false");
  });

  it("are counted per feed from a feed_id facet", () => {
    const counts = countsByFeed({ facets: { feed_id: [{ name: "7", value: 3 }, { name: 9, value: 2 }] } });
    expect(counts.get(7)).toBe(3);
    expect(counts.get(9)).toBe(2);
    expect(countsByFeed({ facets: {} }).size).toBe(0);
  });
});
