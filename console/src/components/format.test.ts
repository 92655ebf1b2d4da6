import { cbTimeMs, cbTimeToIso, formatAgo, formatBytes } from "./format";
import { withQuery } from "../api/client";

describe("format", () => {
  it("sizes in binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe("5.0 GiB");
  });
  it("ages relative to now", () => {
    const now = Date.parse("2026-12-08T12:00:00Z");
    expect(formatAgo("2026-12-08T11:59:30Z", now)).toBe("30 s ago");
    expect(formatAgo("2026-12-08T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAgo(null, now)).toBe("never");
  });
  it("query strings skip empty values and repeat arrays", () => {
    expect(withQuery("/api/v1/process", { q: "process_name:cmd.exe", rows: 10, start: undefined, facet: ["a", "b"] })).toBe(
      "/api/v1/process?q=process_name%3Acmd.exe&rows=10&facet=a&facet=b",
    );
  });
  it("Carbon Black's times, in every form the server and the corpus use, as ISO text any browser parses", () => {
    expect(cbTimeToIso("2026-12-08 00:24:40.146654+00:00")).toBe("2026-12-08T00:24:40.146+00:00");
    expect(Date.parse(cbTimeToIso("2018-02-06 12:44:40.002234-06:00")!)).toBe(Date.UTC(2018, 1, 6, 18, 44, 40, 2));
    expect(cbTimeToIso("2026-12-08 01:00:00-0600")).toBe("2026-12-08T01:00:00-06:00");
    expect(cbTimeToIso("2026-12-08T00:32:11.020060943Z")).toBe("2026-12-08T00:32:11.020Z");
    expect(cbTimeToIso("2015-11-16 18:17:48.741")).toBe("2015-11-16T18:17:48.741Z"); // the events' form: UTC
    expect(cbTimeToIso("not a time")).toBe("not a time");
    expect(cbTimeToIso(null)).toBeNull();
  });
  it("Carbon Black's times as epoch milliseconds, NaN for what is no time", () => {
    expect(cbTimeMs("2015-11-16 18:17:48.741")).toBe(Date.UTC(2015, 10, 16, 18, 17, 48, 741));
    expect(cbTimeMs("2013-09-19 22:07:07.000000")).toBe(Date.UTC(2013, 8, 19, 22, 7, 7, 0));
    expect(cbTimeMs("2013-09-19 22:07:07")).toBe(Date.UTC(2013, 8, 19, 22, 7, 7));
    expect(cbTimeMs("2015-11-16T19:17:48+01:00")).toBe(Date.UTC(2015, 10, 16, 18, 17, 48));
    expect(cbTimeMs("2026-12-08 00:30:56.032462+00:00")).toBe(Date.UTC(2026, 11, 8, 0, 30, 56, 32));
    expect(cbTimeMs("yesterday")).toBeNaN();
    expect(cbTimeMs("")).toBeNaN();
    expect(cbTimeMs(null)).toBeNaN();
  });
});
